// Per-layer analysis cached by diffID and analyzer set: a layer shared by many images (or scanned
// again) is read once, and scans with different analyzer sets (with and without the malware
// engines) keep their own rows, at most MAX_KEYS_PER_LAYER per diffID (the oldest dropped). A
// different analyzer set is a miss, so results never go stale.
//
// Stored compact (format 3): gzip'd JSON with every non-ASCII character escaped (an ASCII-only
// text decodes and parses several times faster than a two-byte one, and package databases have
// a few non-ASCII file names), the file records as columns, and osOwnedPaths left out when it is
// what ownedBy says (the OS runs of ownedPaths, as analyze-layer writes it: half the bytes of a
// Debian layer).
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LayerAnalysis, LayerFile } from '../images/layers/layer-analysis';
import type { Db } from '../store/database';

export const MAX_KEYS_PER_LAYER = 3;

const FORMAT = 3;

interface StoredFiles {
  path: string[];
  size: number[];
  mode: number[];
  uid: number[];
  gid: number[];
  /** '' for a file not hashed yet (then `offset` says where its content is). */
  sha256: string[];
  /** Content offset in the layer tar of files not hashed yet; -1 for the others. */
  offset: number[];
}

type StoredAnalysis = Omit<LayerAnalysis, 'files' | 'osOwnedPaths'> & {
  format: typeof FORMAT;
  files: StoredFiles;
  /** Absent when it is the OS runs of ownedPaths. */
  osOwnedPaths?: string[];
};

/** The OS runs of ownedPaths, in order, or null without ownedBy. */
function osRunsOf(analysis: Pick<LayerAnalysis, 'ownedBy' | 'ownedPaths'>): string[] | null {
  if (!analysis.ownedBy) return null;
  const out: string[] = [];
  let p = 0;
  for (const run of analysis.ownedBy) {
    if (run.os) for (let i = p; i < p + run.paths; i++) out.push(analysis.ownedPaths[i]!);
    p += run.paths;
  }
  return out;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** JSON.stringify with every character past U+007F as a \u escape: the text is ASCII only. */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(json) ? json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

export function encodeLayerAnalysis(analysis: LayerAnalysis): Buffer {
  const { files, osOwnedPaths, ...rest } = analysis;
  const columns: StoredFiles = { path: [], size: [], mode: [], uid: [], gid: [], sha256: [], offset: [] };
  for (const f of files) {
    columns.path.push(f.path);
    columns.size.push(f.size);
    columns.mode.push(f.mode);
    columns.uid.push(f.uid);
    columns.gid.push(f.gid);
    columns.sha256.push(f.sha256);
    columns.offset.push(f.offset ?? -1);
  }
  const derived = osRunsOf(analysis);
  const stored: StoredAnalysis = { format: FORMAT, ...rest, files: columns };
  if (!derived || !sameList(derived, osOwnedPaths)) stored.osOwnedPaths = osOwnedPaths;
  return gzipSync(asciiJson(stored), { level: 1 });
}

export function decodeLayerAnalysis(blob: Buffer): LayerAnalysis | null {
  const stored = JSON.parse(gunzipSync(blob).toString('latin1')) as StoredAnalysis;
  if (stored?.format !== FORMAT) return null;
  const { format: _format, files: columns, osOwnedPaths, ...rest } = stored;
  const files: LayerFile[] = new Array(columns.path.length);
  for (let i = 0; i < files.length; i++) {
    files[i] = { path: columns.path[i]!, size: columns.size[i]!, mode: columns.mode[i]!, uid: columns.uid[i]!, gid: columns.gid[i]!, sha256: columns.sha256[i]! };
    if (columns.offset[i]! >= 0) files[i]!.offset = columns.offset[i]!;
  }
  const analysis: LayerAnalysis = { ...rest, files, osOwnedPaths: osOwnedPaths ?? osRunsOf(rest) ?? [] };
  return analysis;
}

/** A legacy docker-save layer entry: '<v1 id>/layer.tar', the id derived from the layer's chain. */
const LEGACY_LAYER_NAME = /^[a-f0-9]{64}\/layer\.tar$/;

export class LayerCache {
  private readonly select;
  private readonly selectName;
  private readonly insertName;
  private readonly remove;
  private readonly insert;
  private readonly trim;

  constructor(private readonly db: Db) {
    this.select = db.prepare('SELECT analysis FROM layer_cache WHERE diff_id = ? AND analyzer_key = ?');
    this.selectName = db.prepare('SELECT diff_id FROM layer_names WHERE name = ?');
    this.insertName = db.prepare('INSERT OR REPLACE INTO layer_names (name, diff_id, created_at) VALUES (?, ?, ?)');
    this.remove = db.prepare('DELETE FROM layer_cache WHERE diff_id = ? AND analyzer_key = ?');
    this.insert = db.prepare('INSERT INTO layer_cache (diff_id, analyzer_key, analysis, created_at) VALUES (?, ?, ?, ?)');
    // Rows are written in age order (a rewrite deletes and inserts), so the rowid says which is oldest.
    this.trim = db.prepare(
      `DELETE FROM layer_cache WHERE diff_id = @diffId AND id NOT IN (SELECT id FROM layer_cache WHERE diff_id = @diffId ORDER BY id DESC LIMIT ${MAX_KEYS_PER_LAYER})`,
    );
  }

  get(diffId: string, analyzerKey: string): LayerAnalysis | null {
    const row = this.select.get(diffId, analyzerKey) as { analysis: Buffer } | undefined;
    if (!row) return null;
    try {
      return decodeLayerAnalysis(row.analysis);
    } catch {
      return null; // a damaged cache row is only a miss
    }
  }

  /** The diffID a legacy docker-save entry ('<v1 id>/layer.tar') was found to hold by an earlier scan. */
  diffIdOfEntry(name: string): string | null {
    if (!LEGACY_LAYER_NAME.test(name)) return null;
    return (this.selectName.get(name) as { diff_id: string } | undefined)?.diff_id ?? null;
  }

  /** Remember what a legacy docker-save entry held (other names say their digest themselves, or nothing stable). */
  rememberEntry(name: string, diffId: string): void {
    if (LEGACY_LAYER_NAME.test(name)) this.insertName.run(name, diffId, new Date().toISOString());
  }

  /** Store an analysis; `blob` is its encodeLayerAnalysis, when made beforehand (while waiting for something else). */
  put(analysis: LayerAnalysis, blob: Buffer = encodeLayerAnalysis(analysis)): void {
    this.db.transaction(() => {
      this.remove.run(analysis.diffId, analysis.analyzerKey);
      this.insert.run(analysis.diffId, analysis.analyzerKey, blob, new Date().toISOString());
      this.trim.run({ diffId: analysis.diffId });
    })();
  }
}
