// `vigil db update`: download OSV's public per-ecosystem dumps (<mirror>/<Ecosystem>/all.zip)
// and import them, replacing each ecosystem's previous 'osv:<Ecosystem>' source and keeping
// everything else. Downloads go to <data dir>/vulndb-downloads/<Ecosystem>/all.zip.part and
// resume with a Range request after an interruption; a finished dump is checked (size, the
// MD5 that Cloud Storage sends in x-goog-hash, a readable zip) before the import, which swaps
// the database file atomically. Any failure leaves the current database as it was.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yauzl from 'yauzl';
import { RpcError } from '../../../shared/contracts/errors';
import { importBundles, type ImportResult } from './db-import';
import { throttle, throwIfAborted, type ProgressFn } from './import-context';
import { VulnDb } from './vulndb';

export const DEFAULT_OSV_MIRROR = 'https://osv-vulnerabilities.storage.googleapis.com';

/** Downloaded when neither the caller nor the current database says which. */
export const DEFAULT_UPDATE_ECOSYSTEMS = ['Alpine', 'Debian', 'Ubuntu', 'npm', 'PyPI', 'Go', 'Maven', 'crates.io', 'RubyGems', 'Packagist'];

export interface UpdateOptions {
  dbFile: string;
  /** OSV ecosystem names (case-sensitive, as OSV spells them: PyPI, npm, crates.io, Rocky Linux …). */
  ecosystems?: readonly string[];
  /** What the scanned images need (scannedEcosystems), added to the DB's own when none are asked for. */
  scannedEcosystems?: readonly string[];
  /** Base URL (or a local folder / file: URL laid out the same way); else VIGIL_OSV_MIRROR, else OSV's bucket. */
  mirror?: string;
  env?: NodeJS.ProcessEnv;
  /** Where partial and finished downloads are kept (default <db dir>/vulndb-downloads). */
  downloadDir?: string;
  signal?: AbortSignal;
  progress?: ProgressFn;
  strict?: boolean;
  /** Give up when no byte arrives for this long (default 60 s). */
  stallTimeoutMs?: number;
  /** Keep the downloaded dumps after a successful import (default: delete them). */
  keepDownloads?: boolean;
  fetch?: typeof fetch;
}

export interface DownloadInfo {
  ecosystem: string;
  url: string;
  file: string;
  bytes: number;
  /** Bytes that were already there from an interrupted download. */
  resumedFrom: number;
  /** true when the server said the kept copy is current (304). */
  notModified: boolean;
}

export interface UpdateResult {
  mirror: string;
  ecosystems: string[];
  downloads: DownloadInfo[];
  import: ImportResult;
}

interface PartMeta {
  url: string;
  etag: string | null;
  lastModified: string | null;
  total: number | null;
  md5: string | null;
  complete: boolean;
}

export function resolveMirror(mirror: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const m = (mirror ?? env.VIGIL_OSV_MIRROR ?? '').trim() || DEFAULT_OSV_MIRROR;
  return m.replace(/\/+$/, '');
}

/** <mirror>/<Ecosystem>/all.zip, the ecosystem path-encoded ("Rocky Linux" → Rocky%20Linux). */
export function osvDumpUrl(mirror: string, ecosystem: string): string {
  return `${mirror.replace(/\/+$/, '')}/${encodeURIComponent(ecosystem)}/all.zip`;
}

/**
 * The ecosystems to update: as asked; else those the current DB has OSV dumps of together with
 * those the scanned images need (`scanned`); else the defaults.
 */
export function chooseUpdateEcosystems(dbFile: string, requested?: readonly string[], scanned: readonly string[] = []): string[] {
  const asked = (requested ?? []).flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean);
  if (asked.length) return [...new Set(asked)];
  const fromDb: string[] = [];
  if (fs.existsSync(dbFile)) {
    try {
      const db = VulnDb.open(dbFile);
      try {
        fromDb.push(
          ...db
            .status()
            .sources.filter((s) => s.kind === 'osv' && s.location !== null && /\/all\.zip$/.test(s.location))
            .map((s) => s.name.replace(/^osv:/, '')),
        );
      } finally {
        db.close();
      }
    } catch {
      // an unreadable DB is rebuilt from the defaults
    }
  }
  const wanted = [...new Set([...fromDb, ...scanned])].sort();
  return wanted.length ? wanted : [...DEFAULT_UPDATE_ECOSYSTEMS];
}

function localMirrorDir(mirror: string): string | null {
  if (/^file:/i.test(mirror)) return fileURLToPath(mirror);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(mirror)) return null;
  return path.resolve(mirror);
}

function readMeta(file: string): PartMeta | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as PartMeta;
  } catch {
    return null;
  }
}

function md5From(header: string | null): string | null {
  if (!header) return null;
  const m = /(?:^|,)\s*md5=([^,\s]+)/.exec(header);
  return m ? Buffer.from(m[1]!, 'base64').toString('hex') : null;
}

async function fileMd5(file: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function zipReadable(file: string): Promise<string | null> {
  return new Promise((resolve) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false }, (err, zip) => {
      if (err || !zip) return resolve(err?.message ?? 'unreadable');
      zip.close();
      resolve(null);
    });
  });
}

function removeDownload(file: string): void {
  for (const f of [file, `${file}.json`, `${file}.part`, `${file}.part.json`]) fs.rmSync(f, { force: true });
}

interface DownloadContext {
  fetchImpl: typeof fetch;
  signal?: AbortSignal;
  stallMs: number;
  progress: (done: number, total: number | null) => void;
}

/** Downloads one dump to `file`, resuming `file.part`; returns facts for the report. */
async function download(ecosystem: string, url: string, file: string, ctx: DownloadContext): Promise<DownloadInfo> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const part = `${file}.part`;
  const partMetaFile = `${part}.json`;
  const doneMeta = readMeta(`${file}.json`);
  const headers: Record<string, string> = { 'user-agent': 'vigil-db-update' };
  let resumeFrom = 0;
  let meta = readMeta(partMetaFile);
  if (meta && meta.url === url && fs.existsSync(part) && (meta.etag || meta.lastModified)) {
    resumeFrom = fs.statSync(part).size;
    if (resumeFrom > 0) {
      headers.range = `bytes=${resumeFrom}-`;
      headers['if-range'] = (meta.etag ?? meta.lastModified)!;
    }
  } else {
    fs.rmSync(part, { force: true });
    meta = null;
  }
  // A finished copy from an earlier run (an import that failed later) is kept if still current.
  if (!headers.range && doneMeta?.complete && doneMeta.url === url && doneMeta.etag && fs.existsSync(file)) {
    headers['if-none-match'] = doneMeta.etag;
  }

  const controller = new AbortController();
  const onAbort = () => controller.abort(ctx.signal?.reason);
  ctx.signal?.addEventListener('abort', onAbort, { once: true });
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, ctx.stallMs);
  };
  try {
    arm();
    let res: Response;
    try {
      res = await ctx.fetchImpl(url, { headers, signal: controller.signal, redirect: 'follow' });
    } catch (error) {
      throw fetchError(error, url, stalled, ctx.signal);
    }
    if (res.status === 304 && headers['if-none-match']) {
      await res.body?.cancel();
      const bytes = fs.statSync(file).size;
      ctx.progress(bytes, bytes);
      return { ecosystem, url, file, bytes, resumedFrom: 0, notModified: true };
    }
    if (res.status === 416 && resumeFrom > 0) {
      // The range is past the end: the part was complete, or the object shrank. Start over.
      await res.body?.cancel();
      removeDownload(file);
      return download(ecosystem, url, file, ctx);
    }
    if (res.status === 404) {
      await res.body?.cancel();
      throw new RpcError(
        'not_found',
        `no OSV dump for ecosystem "${ecosystem}" at ${url} (HTTP 404). Ecosystem names are case-sensitive, as OSV writes them: npm, PyPI, Go, Maven, crates.io, RubyGems, Packagist, Alpine, Debian, Ubuntu, Rocky Linux, AlmaLinux …`,
        { url, status: 404 },
      );
    }
    if (res.status !== 200 && res.status !== 206) {
      await res.body?.cancel();
      throw new RpcError('unavailable', `downloading ${url} failed: HTTP ${res.status} ${res.statusText}`, { url, status: res.status });
    }
    let append = false;
    if (res.status === 206) {
      const range = /bytes (\d+)-(\d+)\/(\d+|\*)/.exec(res.headers.get('content-range') ?? '');
      if (!range || Number(range[1]) !== resumeFrom) {
        await res.body?.cancel();
        removeDownload(file);
        throw new RpcError('unavailable', `downloading ${url}: the server resumed at the wrong place (${res.headers.get('content-range')}); try again`);
      }
      append = true;
    } else {
      resumeFrom = 0;
    }
    const length = Number(res.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? length + (append ? resumeFrom : 0) : (meta?.total ?? null);
    const newMeta: PartMeta = {
      url,
      etag: res.headers.get('etag') ?? (append ? (meta?.etag ?? null) : null),
      lastModified: res.headers.get('last-modified') ?? (append ? (meta?.lastModified ?? null) : null),
      total,
      md5: md5From(res.headers.get('x-goog-hash')) ?? (append ? (meta?.md5 ?? null) : null),
      complete: false,
    };
    fs.writeFileSync(partMetaFile, JSON.stringify(newMeta));
    const out = fs.createWriteStream(part, { flags: append ? 'a' : 'w' });
    let done = append ? resumeFrom : 0;
    try {
      if (res.body) {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          arm();
          done += chunk.length;
          if (!out.write(chunk)) await once(out, 'drain');
          ctx.progress(done, total);
        }
      }
    } catch (error) {
      throw fetchError(error, url, stalled, ctx.signal);
    } finally {
      out.end();
      await once(out, 'close').catch(() => undefined);
    }
    const size = fs.statSync(part).size;
    if (total !== null && size !== total) {
      throw new RpcError('unavailable', `downloading ${url} stopped at ${size} of ${total} bytes; run the update again to resume`);
    }
    if (newMeta.md5) {
      const got = await fileMd5(part);
      if (got !== newMeta.md5) {
        removeDownload(file);
        throw new RpcError('unavailable', `the download of ${url} is damaged (MD5 ${got}, the server says ${newMeta.md5}); it was deleted, run the update again`);
      }
    }
    fs.renameSync(part, file);
    fs.writeFileSync(`${file}.json`, JSON.stringify({ ...newMeta, complete: true }));
    fs.rmSync(partMetaFile, { force: true });
    return { ecosystem, url, file, bytes: size, resumedFrom: append ? resumeFrom : 0, notModified: false };
  } finally {
    clearTimeout(timer);
    ctx.signal?.removeEventListener('abort', onAbort);
  }
}

function fetchError(error: unknown, url: string, stalled: boolean, signal?: AbortSignal): RpcError {
  if (error instanceof RpcError) return error;
  if (signal?.aborted) return new RpcError('cancelled', `download of ${url}: cancelled (the partial file is kept and resumed next time)`);
  if (stalled) return new RpcError('unavailable', `download of ${url} stalled (no data); the partial file is kept, run the update again to resume`);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error as Error).message;
  return new RpcError('unavailable', `cannot download ${url} (${detail}); check the network or set --mirror / VIGIL_OSV_MIRROR`, { url });
}

export async function updateFromOsv(options: UpdateOptions): Promise<UpdateResult> {
  const mirror = resolveMirror(options.mirror, options.env);
  const ecosystems = chooseUpdateEcosystems(options.dbFile, options.ecosystems, options.scannedEcosystems);
  const progress = throttle(options.progress, 100);
  const downloadDir = options.downloadDir ?? path.join(path.dirname(path.resolve(options.dbFile)), 'vulndb-downloads');
  const local = localMirrorDir(mirror);
  const downloads: DownloadInfo[] = [];
  const n = ecosystems.length;

  for (const [i, ecosystem] of ecosystems.entries()) {
    throwIfAborted(options.signal, 'vulnerability database update');
    const url = osvDumpUrl(mirror, ecosystem);
    if (local) {
      const file = path.join(local, ecosystem, 'all.zip');
      if (!fs.existsSync(file)) throw new RpcError('not_found', `no OSV dump for ecosystem "${ecosystem}" in the mirror folder (${file} is missing)`);
      downloads.push({ ecosystem, url: file, file, bytes: fs.statSync(file).size, resumedFrom: 0, notModified: false });
      continue;
    }
    const file = path.join(downloadDir, ecosystem, 'all.zip');
    progress((i / n) * 0.6, `downloading ${ecosystem}`);
    const info = await download(ecosystem, url, file, {
      fetchImpl: options.fetch ?? fetch,
      signal: options.signal,
      stallMs: options.stallTimeoutMs ?? 60_000,
      progress: (done, total) =>
        progress(((i + (total ? done / total : 0)) / n) * 0.6, `downloading ${ecosystem}: ${(done / 1048576).toFixed(1)}${total ? ` of ${(total / 1048576).toFixed(1)}` : ''} MiB`),
    });
    const unreadable = await zipReadable(info.file);
    if (unreadable) {
      removeDownload(info.file);
      throw new RpcError(
        'invalid_input',
        `the OSV dump for ${ecosystem} from ${url} is not a readable zip archive (${unreadable}); it was deleted and the vulnerability database was not changed. Run the update again, or check the mirror.`,
        { ecosystem, url },
      );
    }
    downloads.push(info);
  }

  progress(0.6, 'importing');
  const result = await importBundles(
    downloads.map((d) => ({ path: d.file, sourceName: `osv:${d.ecosystem}`, location: d.url, kind: 'osv' as const })),
    {
      dbFile: options.dbFile,
      mode: 'add',
      strict: options.strict,
      signal: options.signal,
      progress: (f, m) => progress(0.6 + (f ?? 0) * 0.4, m),
    },
  );
  if (!local && !options.keepDownloads) for (const d of downloads) removeDownload(d.file);
  progress(1, `updated ${ecosystems.length} ecosystems`);
  return { mirror, ecosystems, downloads, import: result };
}
