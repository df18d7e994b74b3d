// The database file: refusing missing, foreign, newer and damaged files; atomic swaps
// (a failed, cancelled or mismatched import leaves the old file byte for byte); adding to or
// replacing the content; re-importing a source; the import lock; digests checked first.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contracts/errors';
import { bundleDigest } from './bundle-digest';
import { importBundles } from './db-import';
import { removeDir, tempDir } from './testing/fixtures';
import { VulnDb } from './vulndb';
import { VulnDbWriter } from './vulndb-writer';
import { SCHEMA_VERSION, vulnDbPath } from './schema';

function osvDir(root: string, name: string, records: { id: string; pkg: string; fixed: string; ecosystem?: string }[]): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const r of records) {
    fs.writeFileSync(
      path.join(dir, `${r.id}.json`),
      JSON.stringify({
        id: r.id,
        modified: '2024-05-01T00:00:00Z',
        affected: [{ package: { ecosystem: r.ecosystem ?? 'npm', name: r.pkg }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: r.fixed }] }] }],
      }),
    );
  }
  return dir;
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

async function expectRpc(promise: Promise<unknown>, code: string, message: RegExp): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(code);
    expect((error as RpcError).message).toMatch(message);
    return error as RpcError;
  }
  throw new Error('expected a rejection');
}

describe('VulnDb.open', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => removeDir(dir));

  it('says how to get a database when there is none', () => {
    expect(() => VulnDb.open(vulnDbPath(dir))).toThrow(/no vulnerability database at .*vigil db import.*vigil db update/);
  });

  it('refuses a file from a newer schema, a foreign SQLite file and a damaged file, leaving each untouched', async () => {
    const bundle = osvDir(dir, 'b', [{ id: 'T-1', pkg: 'a', fixed: '1.0.0' }]);
    const file = vulnDbPath(dir);
    await importBundles([{ path: bundle }], { dbFile: file });

    const newer = path.join(dir, 'newer.sqlite');
    fs.copyFileSync(file, newer);
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = sha(newer);
    expect(() => VulnDb.open(newer)).toThrow(/written by a newer Vigil \(schema 2; this version reads up to 1\)/);
    expect(sha(newer)).toBe(before);

    const foreign = path.join(dir, 'foreign.sqlite');
    const other = new Database(foreign);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expect(() => VulnDb.open(foreign)).toThrow(/is not a Vigil vulnerability database/);

    const damaged = path.join(dir, 'damaged.sqlite');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(5000, 0x5a)]));
    const d1 = sha(damaged);
    expect(() => VulnDb.open(damaged)).toThrow(/cannot be read .*left untouched/);
    expect(sha(damaged)).toBe(d1);

    // A truncated copy of a real database: readable header, missing pages.
    const truncated = path.join(dir, 'truncated.sqlite');
    const full = fs.readFileSync(file);
    fs.writeFileSync(truncated, full.subarray(0, 4096 * 2));
    expect(() => VulnDb.open(truncated, { verify: true })).toThrow(/damaged|cannot be read/);
  });

  it('reports status: schema, dates, revision, sources with digests, counts, ecosystems', async () => {
    const bundle = osvDir(dir, 'npm-set', [
      { id: 'T-1', pkg: 'a', fixed: '1.0.0' },
      { id: 'T-2', pkg: 'b', fixed: '2.0.0' },
      { id: 'T-3', pkg: 'flask', fixed: '2.0.0', ecosystem: 'PyPI' },
    ]);
    const file = vulnDbPath(dir);
    const now = new Date('2025-02-03T04:05:06.000Z');
    await importBundles([{ path: bundle }], { dbFile: file, now: () => now });
    const db = VulnDb.open(file);
    try {
      const s = db.status();
      expect(s).toMatchObject({
        path: file,
        schemaVersion: 1,
        builtAt: '2024-05-01T00:00:00Z',
        importedAt: '2025-02-03T04:05:06.000Z',
        createdAt: '2025-02-03T04:05:06.000Z',
        revision: 1,
        advisories: 3,
        affectedRows: 3,
        ecosystems: [
          { ecosystem: 'PyPI', affectedRows: 1 },
          { ecosystem: 'npm', affectedRows: 2 },
        ],
      });
      expect(s.sources).toEqual([
        {
          name: 'osv:npm-set',
          kind: 'osv',
          location: path.resolve(bundle),
          digest: await bundleDigest(bundle),
          importedAt: '2025-02-03T04:05:06.000Z',
          advisories: 3,
          affectedRows: 3,
          corrupt: 0,
        },
      ]);
      expect(s.sizeBytes).toBeGreaterThan(0);
      expect(db.ecosystemBases()).toEqual(['PyPI', 'npm']);
    } finally {
      db.close();
    }
  });
});

describe('imports replace the file atomically', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = tempDir();
    file = vulnDbPath(dir);
  });
  afterEach(() => removeDir(dir));

  it('adds to the current content, re-importing a source replaces only that source, --replace starts over', async () => {
    const a = osvDir(dir, 'alpha', [
      { id: 'A-1', pkg: 'a', fixed: '1.0.0' },
      { id: 'A-2', pkg: 'a', fixed: '2.0.0' },
    ]);
    const b = osvDir(dir, 'beta', [{ id: 'B-1', pkg: 'b', fixed: '1.0.0' }]);
    await importBundles([{ path: a }], { dbFile: file });
    let r = await importBundles([{ path: b }], { dbFile: file });
    expect(r.status.sources.map((s) => s.name)).toEqual(['osv:alpha', 'osv:beta']);
    expect(r.status.advisories).toBe(3);
    expect(r.status.revision).toBe(2);

    // alpha shrinks to one record: its old rows go, beta's stay.
    fs.rmSync(path.join(a, 'A-2.json'));
    r = await importBundles([{ path: a }], { dbFile: file });
    expect(r.status.advisories).toBe(2);
    expect(r.status.affectedRows).toBe(2);
    expect(r.status.sources.find((s) => s.name === 'osv:alpha')!.advisories).toBe(1);

    r = await importBundles([{ path: b }], { dbFile: file, mode: 'replace' });
    expect(r.status.sources.map((s) => s.name)).toEqual(['osv:beta']);
    expect(r.status.advisories).toBe(1);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('vulndb'))).toEqual(['vulndb.sqlite']);
  });

  it('two bundles with the same name in one run keep both (the second is named #2)', async () => {
    const one = osvDir(path.join(dir, 'x'), 'feed', [{ id: 'X-1', pkg: 'x', fixed: '1.0.0' }]);
    const two = osvDir(path.join(dir, 'y'), 'feed', [{ id: 'Y-1', pkg: 'y', fixed: '1.0.0' }]);
    const r = await importBundles([{ path: one }, { path: two }], { dbFile: file });
    expect(r.status.sources.map((s) => s.name)).toEqual(['osv:feed', 'osv:feed#2']);
    expect(r.status.advisories).toBe(2);
  });

  it('leaves the old database byte for byte when an import fails, is cancelled, or its digest does not match', async () => {
    const good = osvDir(dir, 'good', [{ id: 'G-1', pkg: 'g', fixed: '1.0.0' }]);
    await importBundles([{ path: good }], { dbFile: file });
    const before = sha(file);

    // A bad second bundle fails the whole run after the first was written to .new.
    const bad = path.join(dir, 'bad.zip');
    fs.writeFileSync(bad, 'PK\x03\x04 this is no zip');
    const more = osvDir(dir, 'more', [{ id: 'M-1', pkg: 'm', fixed: '1.0.0' }]);
    await expectRpc(importBundles([{ path: more }, { path: bad }], { dbFile: file }), 'invalid_input', /not a readable zip/);
    expect(sha(file)).toBe(before);

    // Cancelled in the middle.
    const big = osvDir(
      dir,
      'big',
      Array.from({ length: 3000 }, (_, i) => ({ id: `BIG-${i}`, pkg: `p${i}`, fixed: '1.0.0' })),
    );
    const controller = new AbortController();
    const run = importBundles([{ path: big }], {
      dbFile: file,
      mode: 'replace',
      signal: controller.signal,
      progress: (f) => {
        if (f !== null && f > 0.3) controller.abort();
      },
    });
    await expectRpc(run, 'cancelled', /cancelled/);
    expect(sha(file)).toBe(before);

    // Digest mismatch: refused before anything is written, both digests named.
    const wrong = 'a'.repeat(64);
    const err = await expectRpc(importBundles([{ path: more, sha256: wrong }], { dbFile: file }), 'invalid_input', /digest mismatch/);
    const actual = await bundleDigest(more);
    expect(err.message).toContain(wrong);
    expect(err.message).toContain(actual);
    expect(sha(file)).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('vulndb'))).toEqual(['vulndb.sqlite']);
  });

  it('checks --sha256 and a <bundle>.sha256 file beside the bundle (sha256sum format)', async () => {
    const zipLike = path.join(dir, 'records.json');
    fs.writeFileSync(zipLike, JSON.stringify({ id: 'S-1', affected: [{ package: { ecosystem: 'npm', name: 's' }, versions: ['1.0.0'] }] }));
    const digest = sha(zipLike);
    await importBundles([{ path: zipLike, sha256: digest.toUpperCase() }], { dbFile: file });
    fs.writeFileSync(`${zipLike}.sha256`, `${digest}  records.json\n`);
    const r = await importBundles([{ path: zipLike }], { dbFile: file });
    expect(r.status.sources[0]!.digest).toBe(digest);
    fs.writeFileSync(`${zipLike}.sha256`, `${'0'.repeat(64)}  records.json\n`);
    await expectRpc(importBundles([{ path: zipLike }], { dbFile: file }), 'invalid_input', new RegExp(`expected sha256 0{64} \\(from .*records\\.json\\.sha256\\).*${digest}`));
    await expectRpc(importBundles([{ path: zipLike, sha256: 'xyz' }], { dbFile: file }), 'invalid_input', /not a SHA-256 digest/);
  });

  it('one import at a time: a live lock is refused, a stale one (dead process) is taken over', async () => {
    const bundle = osvDir(dir, 'l', [{ id: 'L-1', pkg: 'l', fixed: '1.0.0' }]);
    const writer = VulnDbWriter.begin({ target: file, mode: 'add' });
    try {
      await expectRpc(importBundles([{ path: bundle }], { dbFile: file }), 'conflict', /another vulnerability database import is running/);
    } finally {
      writer.abort();
    }
    fs.writeFileSync(`${file}.lock`, '999999999');
    const r = await importBundles([{ path: bundle }], { dbFile: file });
    expect(r.advisories).toBe(1);
    expect(fs.existsSync(`${file}.lock`)).toBe(false);
  });

  it('refuses to add to a damaged database but can replace it', async () => {
    fs.writeFileSync(file, 'garbage that is not sqlite at all, long enough to be a header..........................................');
    const bundle = osvDir(dir, 'r', [{ id: 'R-1', pkg: 'r', fixed: '1.0.0' }]);
    await expectRpc(importBundles([{ path: bundle }], { dbFile: file }), 'unavailable', /cannot be read/);
    const r = await importBundles([{ path: bundle }], { dbFile: file, mode: 'replace' });
    expect(r.status.advisories).toBe(1);
  });
});
