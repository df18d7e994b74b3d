// The files of an advisory bundle, one at a time: a directory tree (walked in name order),
// a zip archive (read entry by entry with yauzl through a 4 MiB window: never unpacked to
// disk, never held whole in memory), or a single file. A file that cannot be read is
// reported as an item with a reason; only an unreadable bundle (no such path, a zip without
// a central directory) throws.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { crc32, inflateRawSync } from 'node:zlib';
import yauzl from 'yauzl';
import { RpcError } from '../../../shared/contracts/errors';

export type BundleItem = { ok: true; name: string; data: Buffer } | { ok: false; name: string; reason: string };

export interface BundleReader {
  /** 'zip', 'directory' or 'file'. */
  readonly form: 'zip' | 'directory' | 'file';
  /** Entries to expect (a zip's entry count includes folders and skipped files): for progress. */
  readonly total: number;
  items(): AsyncGenerator<BundleItem>;
  close(): void;
}

export interface OpenBundleOptions {
  /** Which entry names to read (others are skipped without a word). */
  accept: (name: string) => boolean;
  /** Larger entries are reported as corrupt instead of read (default 64 MiB). */
  maxEntryBytes?: number;
}

const DEFAULT_MAX_ENTRY = 64 * 1024 * 1024;

export function bundleError(file: string, message: string): RpcError {
  return new RpcError('invalid_input', message, { path: file });
}

/** Reads the first bytes of a file (for format detection). */
export function readHead(file: string, bytes = 65536): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

export function isZipFile(file: string): boolean {
  const head = readHead(file, 4);
  return head.length === 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
}

/** Regular files under a directory, relative with '/' separators, sorted; hidden names skipped. */
export function walkDirectory(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (e.isFile()) out.push(child);
    }
  };
  walk('');
  return out;
}

export async function openBundle(bundle: string, options: OpenBundleOptions): Promise<BundleReader> {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(bundle);
  } catch (error) {
    throw bundleError(bundle, `cannot read bundle ${bundle} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const max = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY;
  if (stat.isDirectory()) return directoryReader(bundle, options.accept, max);
  if (!stat.isFile()) throw bundleError(bundle, `bundle ${bundle} is neither a file nor a directory`);
  if (isZipFile(bundle) || bundle.toLowerCase().endsWith('.zip')) return zipReader(bundle, options.accept, max);
  return {
    form: 'file',
    total: 1,
    async *items() {
      if (stat.size > max) yield { ok: false, name: path.basename(bundle), reason: `larger than ${max} bytes` };
      else yield { ok: true, name: path.basename(bundle), data: fs.readFileSync(bundle) };
    },
    close() {},
  };
}

function directoryReader(root: string, accept: (name: string) => boolean, max: number): BundleReader {
  let files: string[];
  try {
    files = walkDirectory(root).filter(accept);
  } catch (error) {
    throw bundleError(root, `cannot list bundle directory ${root} (${(error as Error).message})`);
  }
  return {
    form: 'directory',
    total: files.length,
    async *items() {
      for (const name of files) {
        const full = path.join(root, name);
        try {
          const size = fs.statSync(full).size;
          if (size > max) {
            yield { ok: false, name, reason: `larger than ${max} bytes` };
            continue;
          }
          yield { ok: true, name, data: fs.readFileSync(full) };
        } catch (error) {
          yield { ok: false, name, reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
        }
      }
    },
    close() {},
  };
}

// yauzl parses the central directory and local headers (zip64, name decoding, bounds); the
// bytes come through this reader from one sliding window over the file, so an OSV dump of
// 300,000 small entries costs a few large reads instead of several small ones per entry, and
// each entry is inflated in one synchronous call instead of through a stream pipeline.
const WINDOW = 4 << 20;

class WindowedFileReader extends yauzl.RandomAccessReader {
  // Two windows: yauzl alternates between the central directory (at the end of the file)
  // and the entries' data (from the start); one window each keeps both sequential.
  private readonly windows: { start: number; buf: Buffer; used: number }[] = [];
  private tick = 0;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly size: number,
  ) {
    super();
  }

  /** Bytes [position, position + length) of the file (a view valid until the next call). */
  bytes(position: number, length: number): Buffer {
    this.tick++;
    let w = this.windows.find((x) => position >= x.start && position + length <= x.start + x.buf.length);
    if (!w) {
      const want = Math.min(Math.max(WINDOW, length), Math.max(0, this.size - position));
      const buf = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(this.fd, buf, got, want - got, position + got);
        if (n === 0) break;
        got += n;
      }
      w = { start: position, buf: buf.subarray(0, got), used: 0 };
      if (this.windows.length < 2) this.windows.push(w);
      else {
        const lru = this.windows[0]!.used <= this.windows[1]!.used ? 0 : 1;
        this.windows[lru] = w;
      }
    }
    w.used = this.tick;
    const from = position - w.start;
    if (from + length > w.buf.length) throw new Error('unexpected end of file');
    return w.buf.subarray(from, from + length);
  }

  override read(buffer: Buffer, offset: number, length: number, position: number, callback: (err: Error | null, bytesRead?: number) => void): void {
    let err: Error | null = null;
    try {
      this.bytes(position, length).copy(buffer, offset);
    } catch (e) {
      err = e as Error;
    }
    callback(err, err ? 0 : length);
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return Readable.from([Buffer.from(this.bytes(start, end - start))]);
  }

  override close(callback: (err: Error | null) => void): void {
    if (this.closed) return callback(null);
    this.closed = true;
    fs.close(this.fd, callback);
  }
}

function openZip(file: string): Promise<{ zip: yauzl.ZipFile; reader: WindowedFileReader }> {
  return new Promise((resolve, reject) => {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (error) {
      return reject(bundleError(file, `cannot read bundle ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`));
    }
    const reader = new WindowedFileReader(fd, fs.fstatSync(fd).size);
    yauzl.fromRandomAccessReader(reader, fs.fstatSync(fd).size, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) {
        reader.close(() => undefined);
        reject(bundleError(file, `${file} is not a readable zip archive (${err?.message ?? 'unknown error'})`));
      } else resolve({ zip, reader });
    });
  });
}

function localDataStart(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<number> {
  return new Promise((resolve, reject) => {
    zip.readLocalFileHeader(entry, { minimal: true }, (err, header) => (err ? reject(err) : resolve((header as { fileDataStart: number }).fileDataStart)));
  });
}

async function readEntry(zip: yauzl.ZipFile, reader: WindowedFileReader, entry: yauzl.Entry, max: number): Promise<Buffer> {
  if (entry.uncompressedSize > max) throw new Error(`larger than ${max} bytes`);
  if (entry.isEncrypted()) throw new Error('encrypted entry');
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new Error(`unsupported compression method ${entry.compressionMethod}`);
  const start = await localDataStart(zip, entry);
  const raw = reader.bytes(start, entry.compressedSize);
  const data = entry.compressionMethod === 8 ? inflateRawSync(raw, { maxOutputLength: Math.max(1, max) }) : Buffer.from(raw);
  if (data.length !== entry.uncompressedSize) throw new Error(`size mismatch: ${data.length} bytes, the archive says ${entry.uncompressedSize}`);
  if (crc32(data) !== entry.crc32) throw new Error('CRC-32 mismatch');
  return data;
}

async function zipReader(file: string, accept: (name: string) => boolean, max: number): Promise<BundleReader> {
  const { zip, reader } = await openZip(file);
  let closed = false;
  const close = () => {
    if (!closed) {
      closed = true;
      zip.close();
      reader.close(() => undefined);
    }
  };
  return {
    form: 'zip',
    total: zip.entryCount,
    async *items() {
      // One entry at a time: ask for the next, wait for 'entry' | 'end' | 'error'.
      const next = () =>
        new Promise<yauzl.Entry | null>((resolve, reject) => {
          const onEntry = (e: yauzl.Entry) => {
            cleanup();
            resolve(e);
          };
          const onEnd = () => {
            cleanup();
            resolve(null);
          };
          const onError = (err: Error) => {
            cleanup();
            reject(bundleError(file, `${file} is a damaged zip archive (${err.message})`));
          };
          const cleanup = () => {
            zip.off('entry', onEntry);
            zip.off('end', onEnd);
            zip.off('error', onError);
          };
          zip.on('entry', onEntry);
          zip.on('end', onEnd);
          zip.on('error', onError);
          zip.readEntry();
        });
      try {
        for (;;) {
          const entry = await next();
          if (!entry) break;
          const name = entry.fileName;
          if (name.endsWith('/') || !accept(name)) continue;
          try {
            yield { ok: true, name, data: await readEntry(zip, reader, entry, max) };
          } catch (error) {
            yield { ok: false, name, reason: `cannot be unpacked (${(error as Error).message})` };
          }
        }
      } finally {
        close();
      }
    },
    close,
  };
}
