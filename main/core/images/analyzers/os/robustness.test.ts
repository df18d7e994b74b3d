// Hostile and damaged input for every OS analyzer: random bytes, real databases cut short at
// many points, real databases with bytes flipped. Nothing may throw; whatever comes out must be
// valid model data; a damaged rpm database must say so in a note naming the file.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { osInfoSchema } from '../../../../../shared/model/os-info';
import { packageRecordSchema } from '../../../../../shared/model/package';
import { requireFixtures } from '../../../../../tests/support/environment';
import type { Analyzer, AnalyzerOutput } from '../analyzer';
import { osAnalyzers } from './index';
import { rpmDatabaseAnalyzer } from './rpm-database';
import { readRpmBlobs } from './rpm-database';
import { fileFromDockerSave, imageFixture, rpmdbFixture, run } from './testing';

const fixtures = requireFixtures();

/** mulberry32: the same "random" bytes on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(rnd: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}

function flip(rnd: () => number, content: Buffer, flips: number): Buffer {
  const b = Buffer.from(content);
  for (let i = 0; i < flips; i++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
  return b;
}

const WANTED_PATHS = [
  'etc/os-release', 'usr/lib/os-release', 'etc/alpine-release', 'etc/debian_version', 'etc/redhat-release', 'etc/lsb-release',
  'var/lib/dpkg/status', 'var/lib/dpkg/status.d/libc6', 'var/lib/dpkg/info/bash.list', 'var/lib/dpkg/status.d/libc6.md5sums',
  'lib/apk/db/installed', 'var/lib/rpm/Packages', 'var/lib/rpm/rpmdb.sqlite', 'usr/lib/sysimage/rpm/Packages.db',
];

function analyzerFor(path: string): Analyzer {
  const found = osAnalyzers.filter((a) => a.wants({ path, size: 1, mode: 0o644 }, Buffer.alloc(0)));
  expect(found, path).toHaveLength(1);
  return found[0]!;
}

/** Cheap checks (plain loops, one expect each): these run over thousands of outputs. */
function expectValid(out: AnalyzerOutput | null, path: string): void {
  expect(out).not.toBeNull();
  const badPackages = (out!.packages ?? []).filter((p) => !packageRecordSchema.safeParse(p).success || p.path !== path);
  expect(badPackages).toEqual([]);
  if (out!.os) expect(osInfoSchema.safeParse(out!.os).success).toBe(true);
  expect((out!.ownedPaths ?? []).filter((p) => p.startsWith('/') || p === '')).toEqual([]);
  expect((out!.notes ?? []).filter((n) => !n.startsWith(path))).toEqual([]);
}

describe('garbage input', () => {
  it('each wanted path has exactly one analyzer', () => {
    for (const path of WANTED_PATHS) analyzerFor(path);
    expect(osAnalyzers.filter((a) => a.wants({ path: 'usr/bin/bash', size: 1, mode: 0o755 }, Buffer.alloc(0)))).toEqual([]);
    // Package managers' file lists mark OS-installed files; os-release owns nothing.
    expect(Object.fromEntries(osAnalyzers.map((a) => [a.id, a.owns ?? null]))).toEqual({
      'os-release': null, 'dpkg-status': 'os', 'dpkg-file-list': 'os', 'apk-installed': 'os', 'rpm-database': 'os',
    });
    expect(new Set(osAnalyzers.map((a) => a.id)).size).toBe(osAnalyzers.length);
  });

  it('random bytes of many sizes: no throw, valid output, notes name the file', async () => {
    const rnd = seeded(7);
    for (const path of WANTED_PATHS) {
      const analyzer = analyzerFor(path);
      for (const size of [0, 1, 7, 8, 31, 100, 511, 512, 4096, 65536]) {
        const out = await run(analyzer, path, randomBytes(rnd, size));
        expectValid(out, path);
        expect(out!.packages ?? []).toEqual([]);
      }
    }
  });

  it('random bytes behind each rpm database magic', async () => {
    const rnd = seeded(11);
    const sqliteHead = Buffer.from('SQLite format 3\0', 'latin1');
    const ndbHead = Buffer.from('RpmP\0\0\0\0', 'latin1');
    const bdbLe = Buffer.alloc(32);
    bdbLe.writeUInt32LE(0x061561, 12);
    bdbLe[25] = 8;
    bdbLe.writeUInt32LE(4096, 20);
    const bdbBe = Buffer.alloc(32);
    bdbBe.writeUInt32BE(0x061561, 12);
    bdbBe[25] = 8;
    bdbBe.writeUInt32BE(512, 20);
    for (const head of [sqliteHead, ndbHead, bdbLe, bdbBe]) {
      for (const size of [64, 600, 5000, 70000]) {
        for (let round = 0; round < 5; round++) {
          const content = Buffer.concat([head, randomBytes(rnd, size)]);
          const out = await run(rpmDatabaseAnalyzer, 'var/lib/rpm/Packages', content);
          expectValid(out, 'var/lib/rpm/Packages');
          expect(out!.notes?.length ?? 0).toBeGreaterThan(0);
        }
      }
    }
  });

  // Their speed is in os-analyzers.bench.ts; a quadratic scan would hit vitest's test timeout here.
  it('text analyzers on pathological text', async () => {
    const nasty = [
      'x'.repeat(2_000_000),
      ':'.repeat(2_000_000),
      'Package:'.repeat(200_000),
      '\n'.repeat(2_000_000),
      ' \n'.repeat(1_000_000),
      'A="'.repeat(300_000),
      ('P:' + 'a'.repeat(100) + '\n').repeat(20_000),
    ];
    for (const path of ['var/lib/dpkg/status', 'lib/apk/db/installed', 'var/lib/dpkg/info/x.list', 'etc/os-release', 'etc/redhat-release']) {
      const analyzer = analyzerFor(path);
      for (const text of nasty) {
        expectValid(await run(analyzer, path, Buffer.from(text)), path);
      }
    }
  });
});

describe.skipIf(!fixtures.available)('damaged real databases', () => {
  const rpmFixtures = [
    ['var/lib/rpm/rpmdb.sqlite', 'cbl-mariner-2.0/rpmdb.sqlite', 129],
    ['usr/lib/sysimage/rpm/Packages.db', 'sle15-bci/Packages.db', 35],
    ['var/lib/rpm/Packages', 'libuuid/Packages', 1],
  ] as const;

  for (const [path, fixture, count] of rpmFixtures) {
    it(`${fixture}: cut short at 40 points, every cut read without a throw and reported`, async () => {
      const content = readFileSync(rpmdbFixture(fixture));
      let partial = 0;
      for (let i = 1; i <= 40; i++) {
        const cut = content.subarray(0, Math.floor((content.length * i) / 41));
        const out = await run(rpmDatabaseAnalyzer, path, cut);
        expectValid(out, path);
        const got = out!.packages!.length;
        expect(got).toBeLessThanOrEqual(count);
        if (got < count) expect(out!.notes?.length, `cut at ${cut.length} lost packages silently`).toBeGreaterThan(0);
        if (got > 0 && got < count) partial++;
      }
      // NDB and Berkeley DB keep the packages before the cut; SQLite refuses a cut file outright.
      if (fixture !== 'cbl-mariner-2.0/rpmdb.sqlite' && count > 1) expect(partial).toBeGreaterThan(10);
    });

    it(`${fixture}: bytes flipped at random, 60 rounds, no throw`, async () => {
      const content = readFileSync(rpmdbFixture(fixture));
      const rnd = seeded(count);
      for (let round = 0; round < 60; round++) {
        const out = await run(rpmDatabaseAnalyzer, path, flip(rnd, content, 1 + (round % 20) * 10));
        expectValid(out, path);
        expect(out!.packages!.length).toBeLessThanOrEqual(count);
      }
    });
  }

  it('a header blob damaged inside an intact NDB database costs that package only, with a note', async () => {
    const content = Buffer.from(readFileSync(rpmdbFixture('sle15-bci/Packages.db')));
    const { blobs } = readRpmBlobs(content);
    const victim = blobs[5]!;
    const at = content.indexOf(victim);
    content.writeUInt32BE(0xffffff, at); // an absurd index entry count
    const out = await run(rpmDatabaseAnalyzer, 'usr/lib/sysimage/rpm/Packages.db', content);
    expect(out!.packages).toHaveLength(34);
    expect(out!.notes).toEqual(['usr/lib/sysimage/rpm/Packages.db (rpm ndb database): 1 damaged package header(s) skipped (first: header has 16777215 index entries)']);
  });

  it('a dpkg status and an apk database cut short keep the packages before the cut', async () => {
    const apk = await fileFromDockerSave(readFileSync(imageFixture('alpine-310.tar.gz')), 'lib/apk/db/installed');
    const sources: Array<[string, Buffer]> = [['lib/apk/db/installed', apk!]];
    if (existsSync('/var/lib/dpkg/status')) sources.push(['var/lib/dpkg/status', readFileSync('/var/lib/dpkg/status')]);
    for (const [path, content] of sources) {
      const full = (await run(analyzerFor(path), path, content))!.packages!.length;
      let last = 0;
      for (let i = 1; i <= 20; i++) {
        const out = await run(analyzerFor(path), path, content.subarray(0, Math.floor((content.length * i) / 20)));
        expectValid(out, path);
        const n = out!.packages!.length;
        expect(n).toBeGreaterThanOrEqual(last);
        last = n;
      }
      expect(last).toBe(full);
    }
  });
});
