// What one layer contributes, independent of the layers around it, so it can be cached by
// diffID and merged in order later (whiteouts applied at merge time).
import type { FileRecord } from '../../../../shared/model/image';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../shared/model/package';

export interface LayerSymlink {
  path: string;
  target: string;
}

export interface LayerAnalysis {
  diffId: string;
  /** Analyzer ids and versions that produced this; a mismatch means analyse again. */
  analyzerKey: string;
  /** os-release (or equivalent) if this layer has one. */
  os: OsInfo | null;
  packages: PackageRecord[];
  ownedPaths: string[];
  ownedPrefixes: string[];
  /** Every regular file of the layer, with its hash. */
  files: FileRecord[];
  symlinks: LayerSymlink[];
  /** Paths this layer deletes ('.wh.name' entries), and directories it makes opaque ('.wh..wh..opq'). */
  whiteouts: string[];
  opaqueDirs: string[];
  notes: string[];
  /** Uncompressed bytes read, and entries seen (for progress and limits). */
  bytes: number;
  entries: number;
}
