// What one layer contributes, independent of the layers around it, so it can be cached by
// diffID and merged in order later (whiteouts applied at merge time).
import type { FileRecord } from '../../../../shared/model/image';
import type { MalwareHit } from '../../../../shared/model/malware';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../shared/model/package';

export interface LayerSymlink {
  path: string;
  target: string;
}

/**
 * Which analysed file declared a run of ownedPaths/ownedPrefixes: runs follow each other in
 * order, `paths` entries of ownedPaths and `prefixes` entries of ownedPrefixes each. Merging keeps
 * a run only while its declaring file survives (a removed package's files become unowned).
 */
export interface LayerOwnership {
  path: string;
  paths: number;
  prefixes: number;
  /** From an OS package manager (analyzer owns: 'os'): these paths are also in osOwnedPaths. */
  os?: boolean;
}

/** Baseline evidence from one file of this layer (kept at merge only while that file survives). */
export interface LayerBaselineHit {
  itemId: string;
  detail: string;
  path: string;
}

/** A file a malware engine wanted but could not read (larger than its limit): reported, never dropped. */
export interface SkippedFile {
  path: string;
  size: number;
  analyzer: string;
  reason: string;
}

/**
 * A regular file of a layer. Its sha256 is '' when the layer was read in place (from a region of
 * a file) and nothing needed the content while walking: `offset` then says where the content
 * starts in the layer tar, so it can be hashed later if it turns out to matter (an unowned file;
 * see fill-file-hashes.ts). Most files belong to packages, and hashing them all would cost a
 * cold scan as much again as reading the layers.
 */
export interface LayerFile extends FileRecord {
  offset?: number;
}

export interface LayerAnalysis {
  diffId: string;
  /** Analyzer ids and versions that produced this; a mismatch means analyse again. */
  analyzerKey: string;
  /** Every OS release file this layer has (os-release, alpine-release, debian_version …); the
   *  pipeline picks one from the merged image with analyzers/os/os-choice.ts pickOs. */
  osCandidates: OsInfo[];
  packages: PackageRecord[];
  ownedPaths: string[];
  ownedPrefixes: string[];
  /** The declaring file of each run of ownedPaths/ownedPrefixes; absent in analyses cached before it existed. */
  ownedBy?: LayerOwnership[];
  /** The subset of ownedPaths claimed by OS package managers (analyzers with owns: 'os'): a
   *  language package whose declaring file is here was installed by an OS package. */
  osOwnedPaths: string[];
  /** Every regular file of the layer, with its hash (or where to find its content, see LayerFile). */
  files: LayerFile[];
  symlinks: LayerSymlink[];
  /** Paths this layer deletes ('.wh.name' entries), and directories it makes opaque ('.wh..wh..opq'). */
  whiteouts: string[];
  opaqueDirs: string[];
  notes: string[];
  /** Present when malware engines ran over this layer: their hits, what they could not scan, and
   *  how much they read. */
  malware?: { hits: MalwareHit[]; skipped: SkippedFile[]; files: number; bytes: number };
  /** Present when baseline analyzers ran over this layer. */
  baseline?: LayerBaselineHit[];
  /** Uncompressed bytes read, and entries seen (for progress and limits). */
  bytes: number;
  entries: number;
}
