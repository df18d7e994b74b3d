// One analyzer per kind of file (Trivy's analyzer registry): it says from a path, entry facts and
// the first bytes whether it needs a file, and turns the file's content into inventory facts.
// Analyzers are pure and per-file: everything that spans files (ownership, layer merging) is
// done after all layers, from what each file contributed.
import type { MalwareHit } from '../../../../shared/model/malware';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../shared/model/package';
import type { ByteSource } from './byte-source';

export interface EntryFacts {
  /** Normalised, relative, no leading slash: 'var/lib/dpkg/status'. */
  path: string;
  size: number;
  /** Unix mode bits (permissions plus setuid/setgid/sticky). */
  mode: number;
  /** The content's sha256 (hex), given to analyze for analyzers that say they read it (readsSha256; not in wants). */
  sha256?: string;
}

export interface AnalyzerOutput {
  packages?: PackageRecord[];
  os?: OsInfo;
  /** Paths (relative, no leading slash) that belong to a package: dpkg .list, apk/rpm file lists, RECORD … */
  ownedPaths?: string[];
  /** Directories whose whole content belongs to a package (node_modules/x/, site-packages/x/). */
  ownedPrefixes?: string[];
  /** Something worth telling the user (a database that could not be read …). */
  notes?: string[];
  /** Malware engines' verdicts on this file (every layer's copy counts: deleted files still ship). */
  malware?: MalwareHit[];
  /** Baseline evidence from this file; kept only while the file survives in the final image. */
  baseline?: BaselineHit[];
}

/** One piece of baseline evidence found in a file's content (a weak shadow hash, a private key …). */
export interface BaselineHit {
  /** The baseline item it fails ('IMG-SHADOW-WEAK' …). */
  itemId: string;
  /** Already redacted: never a whole secret or password hash. */
  detail: string;
}

export interface Analyzer {
  /** Stable id, part of the layer cache key with `version`. */
  readonly id: string;
  /** Bump when the output for the same input changes, so cached layers are analysed again. */
  readonly version: number;
  /** 'os' for OS package managers (dpkg, apk, rpm): their ownedPaths also go to osOwnedPaths. */
  readonly owns?: 'os' | 'language';
  /** Largest file it will read; a larger wanted file is reported in notes as not analysed (and,
   *  for malware engines, listed in the layer's skippedFiles). */
  readonly maxBytes: number;
  /** 'malware': an engine that reads every file; its too-large files are reported as not scanned,
   *  and its analyze calls may run while the walker reads on (bounded, see analyze-layer). */
  readonly role?: 'inventory' | 'malware' | 'baseline';
  /** analyze reads entry.sha256 (hash lists): the walker hashes the content first even where it
   *  would otherwise leave hashing for later (layers read in place, see LayerFile). */
  readonly readsSha256?: boolean;
  /**
   * Called for every regular file. `head` holds the first bytes (up to HEAD_BYTES, fewer for
   * small files), for analyzers that recognise files by content (ELF, zip magic).
   */
  wants(entry: EntryFacts, head: Buffer): boolean;
  /**
   * Optional, for analyzers that keep big files (ELF programs): asked after `wants` said yes when
   * the whole file can be read by offset (a layer read in place), before its content is kept.
   * False when reading a few headers already shows analyze would find nothing. Errors mean yes.
   */
  stillWants?(entry: EntryFacts, file: ByteSource): boolean;
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput | Promise<AnalyzerOutput>;
}

/** How many leading bytes `wants` sees. */
export const HEAD_BYTES = 4096;
