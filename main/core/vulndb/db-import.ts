// `vigil db import`: one or more bundles into a new database file that replaces the current
// one atomically. Digests are checked for every bundle before anything is written; the
// import then adds to the current content (re-importing a source replaces that source) or
// replaces it all. Any failure or cancel leaves the current database as it was.
import fs from 'node:fs';
import path from 'node:path';
import { RpcError } from '../../../shared/contracts/errors';
import { alpineSourceName, importAlpineSecdb } from './alpine-secdb-import';
import { isZipFile, readHead, walkDirectory } from './bundle-entries';
import { verifyBundleDigest } from './bundle-digest';
import { debianSourceName, importDebianTracker } from './debian-tracker-import';
import { throttle, throwIfAborted, type BundleImportResult, type BundleKind, type CorruptRecord, type ProgressFn } from './import-context';
import { importOsvBundle, isOsvFileName, osvSourceName } from './osv-import';
import { VulnDb, type VulnDbStatus } from './vulndb';
import { VulnDbWriter, type ImportMode } from './vulndb-writer';

export interface BundleInput {
  path: string;
  /** Forced format; detected from the content when absent. */
  kind?: BundleKind;
  /** Expected SHA-256 (hex); else a <path>.sha256 file beside it is used when present. */
  sha256?: string | null;
  /** Source name to store it under (default from the file name: osv:npm, alpine-secdb:v3.10 …). */
  sourceName?: string;
  /** Where it came from, when not the path (a download URL). */
  location?: string;
}

export interface ImportOptions {
  /** The database file (vulndb.sqlite in the data directory). */
  dbFile: string;
  mode?: ImportMode;
  strict?: boolean;
  signal?: AbortSignal;
  progress?: ProgressFn;
  /** How many corrupt records to list by name (default 20). */
  maxListed?: number;
  now?: () => Date;
}

export interface ImportResult {
  dbFile: string;
  mode: ImportMode;
  bundles: BundleImportResult[];
  /** Advisories and rows imported by this run. */
  advisories: number;
  affectedRows: number;
  corrupt: number;
  /** The first corrupt records (file and reason), over all bundles. */
  corruptList: CorruptRecord[];
  /** The database after the swap. */
  status: VulnDbStatus;
  durationMs: number;
}

function looksLikeAlpine(text: string): boolean {
  return /["']?secfixes["']?\s*:/.test(text);
}

function looksLikeDebianTracker(text: string): boolean {
  return /^\s*\{\s*"[^"]+"\s*:\s*\{\s*"(CVE|TEMP|DSA|DLA)-[^"]*"\s*:\s*\{/.test(text);
}

/** Which importer reads a bundle, from its first bytes (or first data file). */
export function detectBundleKind(bundle: string): BundleKind {
  const stat = fs.statSync(bundle);
  if (stat.isDirectory()) {
    const files = walkDirectory(bundle).filter(isOsvFileName);
    for (const rel of files.slice(0, 5)) {
      if (looksLikeAlpine(readHead(path.join(bundle, rel), 16384).toString('utf8'))) return 'alpine-secdb';
    }
    return 'osv';
  }
  if (isZipFile(bundle)) return 'osv';
  const head = readHead(bundle, 65536);
  if (head[0] === 0x1f && head[1] === 0x8b) return 'debian-tracker';
  const text = head.toString('utf8');
  if (looksLikeDebianTracker(text)) return 'debian-tracker';
  if (looksLikeAlpine(text)) return 'alpine-secdb';
  return 'osv';
}

export function defaultSourceName(kind: BundleKind, bundle: string): string {
  return kind === 'alpine-secdb' ? alpineSourceName(bundle) : kind === 'debian-tracker' ? debianSourceName(bundle) : osvSourceName(bundle);
}

/** Imports bundles and swaps the database file. Throws RpcError; the old file stays on failure. */
export async function importBundles(inputs: readonly BundleInput[], options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  if (inputs.length === 0) throw new RpcError('invalid_input', 'no bundle to import');
  const mode = options.mode ?? 'add';
  const progress = throttle(options.progress, 100);
  const n = inputs.length;

  // 1. Every bundle must exist and match its digest before a byte is written.
  const prepared: { input: BundleInput; kind: BundleKind; digest: string; sourceName: string }[] = [];
  const names = new Set<string>();
  for (const [i, input] of inputs.entries()) {
    if (!fs.existsSync(input.path)) throw new RpcError('invalid_input', `bundle ${input.path} does not exist`, { path: input.path });
    progress((i / n) * 0.05, `checking ${path.basename(input.path)}`);
    const { digest } = await verifyBundleDigest(input.path, input.sha256, options.signal);
    const kind = input.kind ?? detectBundleKind(input.path);
    // Two bundles of one run must not share a source name, or the second would replace the first.
    const base = input.sourceName ?? defaultSourceName(kind, input.path);
    let sourceName = base;
    for (let k = 2; names.has(sourceName); k++) sourceName = `${base}#${k}`;
    names.add(sourceName);
    prepared.push({ input, kind, digest, sourceName });
  }
  throwIfAborted(options.signal, 'import');

  // 2. Build the new file.
  const writer = VulnDbWriter.begin({ target: options.dbFile, mode, now: options.now });
  const results: BundleImportResult[] = [];
  try {
    for (const [i, { input, kind, digest, sourceName }] of prepared.entries()) {
      const sub: ProgressFn = (f, message) => progress(0.05 + ((i + (f ?? 0)) / n) * 0.9, message);
      const common = {
        signal: options.signal,
        progress: sub,
        strict: options.strict,
        maxListed: options.maxListed,
        digest,
        sourceName,
        location: input.location,
      };
      const result =
        kind === 'alpine-secdb'
          ? await importAlpineSecdb(writer, input.path, common)
          : kind === 'debian-tracker'
            ? await importDebianTracker(writer, input.path, common)
            : await importOsvBundle(writer, input.path, common);
      if (result.advisories === 0) {
        const why = result.corrupt
          ? `${result.corrupt} of ${result.files} files were corrupt, e.g. ${result.corruptList
              .slice(0, 3)
              .map((c) => `${c.file}: ${c.reason}`)
              .join('; ')}`
          : result.files
            ? `${result.files} files read, none an advisory`
            : 'it holds no advisory files';
        throw new RpcError('invalid_input', `nothing valid found in ${input.path} (read as ${kind}): ${why}. The vulnerability database was not changed.`, {
          bundle: input.path,
          kind,
          corrupt: result.corruptList,
        });
      }
      results.push(result);
    }
    throwIfAborted(options.signal, 'import');
    progress(0.96, 'writing the database');
    writer.commit();
  } catch (error) {
    writer.abort();
    throw error;
  }

  const db = VulnDb.open(options.dbFile);
  let status: VulnDbStatus;
  try {
    status = db.status();
  } finally {
    db.close();
  }
  progress(1, `imported ${results.reduce((s, r) => s + r.advisories, 0)} advisories`);
  const corruptList = results.flatMap((r) => r.corruptList).slice(0, options.maxListed ?? 20);
  return {
    dbFile: options.dbFile,
    mode,
    bundles: results,
    advisories: results.reduce((s, r) => s + r.advisories, 0),
    affectedRows: results.reduce((s, r) => s + r.affectedRows, 0),
    corrupt: results.reduce((s, r) => s + r.corrupt, 0),
    corruptList,
    status,
    durationMs: Date.now() - started,
  };
}
