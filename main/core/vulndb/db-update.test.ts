// `vigil db update` against a local HTTP server on 127.0.0.1 that serves OSV dumps in OSV's
// layout (<Ecosystem>/all.zip, zipped here from the real fixtures), with ETag, Range and
// x-goog-hash like Cloud Storage. No test reaches the internet.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contracts/errors';
import { chooseUpdateEcosystems, DEFAULT_UPDATE_ECOSYSTEMS, osvDumpUrl, resolveMirror, updateFromOsv } from './db-update';
import { importBundles } from './db-import';
import { advisoriesDir, removeDir, requireFixtures, tempDir } from './testing/fixtures';
import { writeZip } from './testing/zip-writer';
import { VulnDb } from './vulndb';
import { vulnDbPath } from './schema';

const fixtures = requireFixtures();

interface Served {
  body: Buffer;
  /** Close the connection after this many bytes, once. */
  cutOnceAt?: number;
  /** Send headers, then nothing. */
  stall?: boolean;
  md5?: boolean;
}

let server: http.Server;
let base: string;
const files = new Map<string, Served>();
const requests: { url: string; range?: string; ifRange?: string; ifNoneMatch?: string }[] = [];

function etagOf(b: Buffer): string {
  return `"${createHash('sha1').update(b).digest('hex')}"`;
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push({ url, range: req.headers.range, ifRange: req.headers['if-range'] as string | undefined, ifNoneMatch: req.headers['if-none-match'] as string | undefined });
    const f = files.get(url);
    if (!f) {
      res.writeHead(404, { 'content-type': 'application/xml' });
      res.end('<Error><Code>NoSuchKey</Code></Error>');
      return;
    }
    const etag = etagOf(f.body);
    const headers: Record<string, string> = { etag, 'last-modified': 'Tue, 01 Oct 2024 00:00:00 GMT', 'content-type': 'application/zip', 'accept-ranges': 'bytes' };
    if (f.md5) headers['x-goog-hash'] = `crc32c=AAAAAA==,md5=${createHash('md5').update(f.body).digest('base64')}`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    let start = 0;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range && (!req.headers['if-range'] || req.headers['if-range'] === etag)) {
      start = Number(range[1]);
      if (start >= f.body.length) {
        res.writeHead(416, { 'content-range': `bytes */${f.body.length}` });
        res.end();
        return;
      }
      res.writeHead(206, { ...headers, 'content-range': `bytes ${start}-${f.body.length - 1}/${f.body.length}`, 'content-length': String(f.body.length - start) });
    } else {
      res.writeHead(200, { ...headers, 'content-length': String(f.body.length) });
    }
    if (f.stall) {
      res.flushHeaders();
      return; // never send the body
    }
    const slice = f.body.subarray(start);
    if (f.cutOnceAt !== undefined) {
      const cut = f.cutOnceAt;
      f.cutOnceAt = undefined;
      res.write(slice.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function zipOf(dir: string, names?: string[]): Buffer {
  const tmp = path.join(work, `z-${Math.random().toString(36).slice(2)}.zip`);
  const list = (names ?? fs.readdirSync(dir).filter((f) => f.endsWith('.json'))).map((f) => ({ name: f, data: fs.readFileSync(path.join(dir, f)) }));
  writeZip(tmp, list);
  const b = fs.readFileSync(tmp);
  fs.rmSync(tmp);
  return b;
}

let work: string;
beforeEach(() => {
  work = tempDir();
  files.clear();
  requests.length = 0;
});
afterEach(() => removeDir(work));

describe('update options', () => {
  it('builds OSV dump URLs and picks the mirror from the option, then VIGIL_OSV_MIRROR, then OSV', () => {
    expect(osvDumpUrl('https://m.example/osv/', 'Rocky Linux')).toBe('https://m.example/osv/Rocky%20Linux/all.zip');
    expect(resolveMirror(undefined, {})).toBe('https://osv-vulnerabilities.storage.googleapis.com');
    expect(resolveMirror(undefined, { VIGIL_OSV_MIRROR: 'http://mirror.local/' })).toBe('http://mirror.local');
    expect(resolveMirror('http://given', { VIGIL_OSV_MIRROR: 'http://env' })).toBe('http://given');
    expect(chooseUpdateEcosystems(path.join(work, 'none.sqlite'))).toEqual(DEFAULT_UPDATE_ECOSYSTEMS);
    expect(chooseUpdateEcosystems(path.join(work, 'none.sqlite'), ['npm,PyPI', 'Go'])).toEqual(['npm', 'PyPI', 'Go']);
  });
});

describe.skipIf(!fixtures.available)('vigil db update from a local mirror', () => {
  it('downloads each chosen ecosystem, imports it as osv:<Ecosystem>, keeps other sources, and cleans up', async () => {
    files.set('/npm/all.zip', { body: zipOf(path.join(advisoriesDir, 'ghsa-npm')), md5: true });
    files.set('/Go/all.zip', { body: zipOf(path.join(advisoriesDir, 'go-osv'), fs.readdirSync(path.join(advisoriesDir, 'go-osv')).slice(0, 300)) });
    const dbFile = vulnDbPath(work);
    await importBundles([{ path: path.join(advisoriesDir, 'vuln-list-alpine-3.10') }], { dbFile });
    const fractions: number[] = [];
    const r = await updateFromOsv({ dbFile, ecosystems: ['npm', 'Go'], mirror: base, progress: (f) => fractions.push(f ?? -1) });
    expect(r.downloads.map((d) => [d.ecosystem, d.resumedFrom, d.notModified])).toEqual([
      ['npm', 0, false],
      ['Go', 0, false],
    ]);
    expect(r.import.status.sources.map((s) => s.name)).toEqual(['alpine-secdb:vuln-list-alpine-3.10', 'osv:Go', 'osv:npm']);
    expect(r.import.status.sources.find((s) => s.name === 'osv:npm')).toMatchObject({ advisories: 51, location: `${base}/npm/all.zip` });
    expect(r.import.status.sources.find((s) => s.name === 'osv:Go')!.advisories).toBe(300);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1]!)).toBe(true);
    expect(fs.readdirSync(path.join(work, 'vulndb-downloads', 'npm'))).toEqual([]);

    // Again with the same database: the ecosystems come from the database's own OSV dumps.
    expect(chooseUpdateEcosystems(dbFile)).toEqual(['Go', 'npm']);
    files.set('/npm/all.zip', { body: zipOf(path.join(advisoriesDir, 'ghsa-npm'), fs.readdirSync(path.join(advisoriesDir, 'ghsa-npm')).slice(0, 10)) });
    const again = await updateFromOsv({ dbFile, env: { VIGIL_OSV_MIRROR: base } });
    expect(again.ecosystems).toEqual(['Go', 'npm']);
    expect(again.import.status.sources.find((s) => s.name === 'osv:npm')!.advisories).toBe(10);
    expect(again.import.status.revision).toBe(3);
  });

  it('a corrupt dump fails the update with a clear error and keeps the old database', async () => {
    files.set('/npm/all.zip', { body: zipOf(path.join(advisoriesDir, 'ghsa-npm')) });
    files.set('/PyPI/all.zip', { body: Buffer.from('<html>Service Unavailable</html>'.repeat(40)) });
    const dbFile = vulnDbPath(work);
    await importBundles([{ path: path.join(advisoriesDir, 'vuln-list-alpine-3.10') }], { dbFile });
    const before = fs.readFileSync(dbFile);
    const error = await updateFromOsv({ dbFile, ecosystems: ['npm', 'PyPI'], mirror: base }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).message).toMatch(new RegExp(`the OSV dump for PyPI from ${base}/PyPI/all.zip is not a readable zip archive .*not changed`));
    expect(fs.readFileSync(dbFile).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(work, 'vulndb-downloads', 'PyPI', 'all.zip'))).toBe(false);
  });

  it('an unknown ecosystem is a 404 with the spelling hint', async () => {
    const dbFile = vulnDbPath(work);
    await expect(updateFromOsv({ dbFile, ecosystems: ['pypi'], mirror: base })).rejects.toThrow(/no OSV dump for ecosystem "pypi" .*HTTP 404.*case-sensitive/);
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it('resumes an interrupted download with a Range request, and checks the MD5 Cloud Storage sends', async () => {
    const body = zipOf(path.join(advisoriesDir, 'ghsa-npm'));
    files.set('/npm/all.zip', { body, cutOnceAt: 40_000, md5: true });
    const dbFile = vulnDbPath(work);
    const first = await updateFromOsv({ dbFile, ecosystems: ['npm'], mirror: base }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(RpcError);
    expect((first as RpcError).message).toMatch(/cannot download|stopped at|resume/);
    expect(fs.existsSync(dbFile)).toBe(false);
    const part = path.join(work, 'vulndb-downloads', 'npm', 'all.zip.part');
    expect(fs.statSync(part).size).toBe(40_000);

    const r = await updateFromOsv({ dbFile, ecosystems: ['npm'], mirror: base });
    expect(r.downloads[0]).toMatchObject({ resumedFrom: 40_000, bytes: body.length });
    expect(requests.at(-1)).toMatchObject({ url: '/npm/all.zip', range: 'bytes=40000-', ifRange: etagOf(body) });
    expect(r.import.advisories).toBe(51);
  });

  it('gives up on a stalled download (the part is kept) and honours cancellation', async () => {
    files.set('/npm/all.zip', { body: zipOf(path.join(advisoriesDir, 'ghsa-npm')), stall: true });
    const dbFile = vulnDbPath(work);
    await expect(updateFromOsv({ dbFile, ecosystems: ['npm'], mirror: base, stallTimeoutMs: 300 })).rejects.toThrow(/stalled .*run the update again to resume/);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const e = await updateFromOsv({ dbFile, ecosystems: ['npm'], mirror: base, signal: controller.signal, stallTimeoutMs: 10_000 }).catch((x: unknown) => x);
    expect((e as RpcError).code).toBe('cancelled');
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it('reads a mirror folder laid out like OSV (offline updates from a copied mirror)', async () => {
    const mirror = path.join(work, 'mirror');
    fs.mkdirSync(path.join(mirror, 'npm'), { recursive: true });
    fs.writeFileSync(path.join(mirror, 'npm', 'all.zip'), zipOf(path.join(advisoriesDir, 'ghsa-npm')));
    const dbFile = vulnDbPath(work);
    const r = await updateFromOsv({ dbFile, ecosystems: ['npm'], mirror });
    expect(r.import.advisories).toBe(51);
    expect(fs.existsSync(path.join(mirror, 'npm', 'all.zip'))).toBe(true);
    const db = VulnDb.open(dbFile);
    try {
      expect(db.status().sources[0]!.name).toBe('osv:npm');
    } finally {
      db.close();
    }
  });
});
