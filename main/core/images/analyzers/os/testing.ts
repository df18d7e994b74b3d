// Test support for the OS analyzers (imported only by *.test.ts): fixture locations, pulling
// one file out of a docker-save tarball in memory, running an analyzer on a buffer, and
// building Berkeley DB Packages files with Berkeley DB's own db_load.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { fixturesDir } from '../../../../../tests/support/environment';
import type { Analyzer, AnalyzerOutput } from '../analyzer';

export const rpmdbFixture = (relative: string) => path.join(fixturesDir, 'rpmdb', relative);
export const imageFixture = (relative: string) => path.join(fixturesDir, 'images', relative);

/** Runs an analyzer the way the layer walker does: wants(), then analyze(), output awaited. */
export async function run(analyzer: Analyzer, filePath: string, content: Buffer): Promise<AnalyzerOutput | null> {
  const entry = { path: filePath, size: content.length, mode: 0o644 };
  if (!analyzer.wants(entry, content.subarray(0, 4096))) return null;
  return await analyzer.analyze(entry, content);
}

/** A tar entry's bytes (tar-stream's entries are streamx Readables: async-iterable at run time, not in its types). */
async function readAll(stream: object): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Every regular file of a tar (optionally gzip'd) whose name passes `want`, in memory. */
export async function tarFiles(tar: Buffer, want: (name: string) => boolean): Promise<Map<string, Buffer>> {
  const gz = tar[0] === 0x1f && tar[1] === 0x8b;
  const source = Readable.from([tar]);
  const extract = tarStream.extract();
  const input: Readable = gz ? source.pipe(createGunzip()) : source;
  input.pipe(extract);
  const out = new Map<string, Buffer>();
  for await (const entry of extract) {
    const name = entry.header.name.replace(/^\.?\//, '');
    if (entry.header.type === 'file' && want(name)) out.set(name, await readAll(entry));
    else entry.resume();
  }
  return out;
}

/** The names (no leading ./ or /) of every entry of a tar, with their types. */
export async function tarEntries(tar: Buffer): Promise<Map<string, string>> {
  const extract = tarStream.extract();
  Readable.from([tar]).pipe(extract);
  const out = new Map<string, string>();
  for await (const entry of extract) {
    out.set(entry.header.name.replace(/^\.?\//, '').replace(/\/$/, ''), entry.header.type ?? 'file');
    entry.resume();
  }
  return out;
}

/** Every layer.tar of a docker-save archive, in archive order. */
export async function layersOfDockerSave(archive: Buffer): Promise<Buffer[]> {
  return [...(await tarFiles(archive, (name) => name.endsWith('/layer.tar'))).values()];
}

/** A file from each layer of a docker-save archive that has it, in archive order. */
export async function filesFromDockerSave(archive: Buffer, filePath: string): Promise<Buffer[]> {
  const layers = await tarFiles(archive, (name) => name.endsWith('/layer.tar'));
  const found: Buffer[] = [];
  for (const layer of layers.values()) {
    const file = (await tarFiles(layer, (name) => name === filePath)).get(filePath);
    if (file) found.push(file);
  }
  return found;
}

/** One file from inside the layers of a docker-save archive (the last layer that has it). */
export async function fileFromDockerSave(archive: Buffer, filePath: string): Promise<Buffer | null> {
  return (await filesFromDockerSave(archive, filePath)).at(-1) ?? null;
}

export const DB_LOAD = '/usr/bin/db5.3_load';
export const RPM = '/usr/bin/rpm';

/**
 * A Berkeley DB hash "Packages" file as rpm writes it (key 0 → counter, key n → header blob n),
 * made by Berkeley DB's own db_load in the byte order asked for.
 */
export function makeBdbPackages(dir: string, blobs: Buffer[], littleEndian: boolean, pageSize = 4096): string {
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    if (littleEndian) b.writeUInt32LE(n);
    else b.writeUInt32BE(n);
    return b.toString('hex');
  };
  const lines = ['VERSION=3', 'format=bytevalue', 'type=hash', `db_pagesize=${pageSize}`, 'HEADER=END', ` ${u32(0)}`, ` ${u32(blobs.length)}`];
  blobs.forEach((blob, i) => lines.push(` ${u32(i + 1)}`, ` ${blob.toString('hex')}`));
  lines.push('DATA=END', '');
  const file = path.join(dir, 'Packages');
  const res = spawnSync(DB_LOAD, ['-c', `db_lorder=${littleEndian ? 1234 : 4321}`, file], { input: lines.join('\n'), maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`db_load failed: ${res.stderr.toString()}`);
  return file;
}

export const hasDbLoad = () => existsSync(DB_LOAD);
export const hasRpm = () => existsSync(RPM);

export interface RpmOracleRow {
  name: string;
  epoch: string;
  version: string;
  release: string;
  arch: string;
  sourceRpm: string;
  license: string;
  vendor: string;
  size: string;
  sigMd5: string;
  files: string[];
}

/** rpm's own reading of the database in `dbDir` (a scratch copy: rpm may write -shm/-wal files). */
export function rpmQueryAll(dbDir: string): RpmOracleRow[] {
  const qf = 'P\t%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t%{SOURCERPM}\t%{LICENSE}\t%{VENDOR}\t%{SIZE}\t%{SIGMD5}\n[F\t%{FILENAMES}\n]';
  const res = spawnSync(RPM, ['--dbpath', dbDir, '-qa', '--qf', qf], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (res.status !== 0) throw new Error(`rpm failed (${res.status}): ${res.stderr}`);
  const rows: RpmOracleRow[] = [];
  for (const line of res.stdout.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'P') {
      const [, name, epoch, version, release, arch, sourceRpm, license, vendor, size, sigMd5] = f as string[];
      rows.push({ name: name!, epoch: epoch!, version: version!, release: release!, arch: arch!, sourceRpm: sourceRpm!, license: license!, vendor: vendor!, size: size!, sigMd5: sigMd5!, files: [] });
    } else if (f[0] === 'F' && rows.length) {
      const file = line.slice(2);
      if (file !== '(none)') rows[rows.length - 1]!.files.push(file);
    }
  }
  return rows;
}
