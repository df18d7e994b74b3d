// The rpm database analyzer against go-rpmdb's real databases (SQLite, NDB, Berkeley DB), with
// rpm itself as the oracle wherever it can read the format, and Berkeley DB's own db_load making
// hash databases in both byte orders and several page sizes.
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { requireFixtures, strict } from '../../../../../tests/support/environment';
import { packageRecordSchema } from '../../../../../shared/model/package';
import { readRpmDatabase, rpmDatabaseAnalyzer } from './rpm-database';
import { readRpmBlobs } from './rpm-database';
import type { RpmHeader } from './rpm-header';
import { hasDbLoad, hasRpm, makeBdbPackages, rpmdbFixture, rpmQueryAll, run, type RpmOracleRow } from './testing';

const fixtures = requireFixtures();
const rpmGate = hasRpm() ? 'run' : strict ? 'fail' : 'skip';
if (rpmGate === 'skip') console.warn('[skip] rpm oracle: /usr/bin/rpm not found (apt-get install rpm)');
const dbLoadGate = hasDbLoad() ? 'run' : strict ? 'fail' : 'skip';
if (dbLoadGate === 'skip') console.warn('[skip] Berkeley DB builds: /usr/bin/db5.3_load not found (apt-get install db5.3-util)');

const scratch: string[] = [];
function scratchDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-rpmdb-'));
  scratch.push(dir);
  return dir;
}
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

const SQLITE = 'cbl-mariner-2.0/rpmdb.sqlite';
const NDB = 'sle15-bci/Packages.db';
const BDB = 'libuuid/Packages';
const load = (relative: string) => readFileSync(rpmdbFixture(relative));

/** Our reading in rpm's terms, for a field-by-field comparison. */
function asOracleRow(h: RpmHeader): RpmOracleRow {
  return {
    name: h.name,
    epoch: h.epoch === null ? '(none)' : String(h.epoch),
    version: h.version,
    release: h.release,
    arch: h.arch ?? '(none)',
    sourceRpm: h.sourceRpm ?? '(none)',
    license: h.license ?? '(none)',
    vendor: h.vendor ?? '(none)',
    size: h.size === null ? '(none)' : String(h.size),
    sigMd5: h.sigMd5 ?? '(none)',
    files: h.files,
  };
}

const key = (r: RpmOracleRow) => `${r.name}-${r.epoch}:${r.version}-${r.release}.${r.arch}`;
const sortRows = (rows: RpmOracleRow[]) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));

/** Every package rpm sees (gpg-pubkey aside) equals ours, field by field, files included. */
function expectSameAsRpm(ours: RpmHeader[], dbDir: string): number {
  const theirs = rpmQueryAll(dbDir).filter((r) => r.name !== 'gpg-pubkey');
  expect(theirs.length).toBeGreaterThan(0);
  expect(sortRows(ours.map(asOracleRow))).toEqual(sortRows(theirs));
  return theirs.length;
}

describe.skipIf(!fixtures.available)('rpm database fixtures', () => {
  it('SQLite (CBL-Mariner 2.0): 129 packages; curl as go-rpmdb checks it', async () => {
    const content = load(SQLITE);
    const out = await run(rpmDatabaseAnalyzer, 'var/lib/rpm/rpmdb.sqlite', content);
    expect(out?.notes).toBeUndefined();
    expect(out?.packages).toHaveLength(129);
    for (const p of out!.packages!) expect(() => packageRecordSchema.parse(p)).not.toThrow();
    const curl = out!.packages!.find((p) => p.name === 'curl')!;
    expect(curl).toEqual({
      type: 'rpm',
      name: 'curl',
      version: '7.76.0-6.cm2',
      sourceName: 'curl',
      sourceVersion: '7.76.0-6.cm2',
      namespace: null,
      arch: 'x86_64',
      purl: 'pkg:rpm/curl@7.76.0-6.cm2?arch=x86_64',
      licenses: ['MIT'],
      path: 'var/lib/rpm/rpmdb.sqlite',
      installedBy: null,
    });
    const header = readRpmDatabase(content).headers.find((h) => h.name === 'curl')!;
    expect(header).toMatchObject({ sourceRpm: 'curl-7.76.0-6.cm2.src.rpm', license: 'MIT', vendor: 'Microsoft Corporation', size: 326023, sigMd5: 'b5f5369ae91df3672fa3338669ec5ca2', epoch: null });
    expect(header.files).toEqual([
      '/usr/bin/curl',
      '/usr/bin/curl-config',
      '/usr/share/licenses/curl',
      '/usr/share/licenses/curl/COPYING',
      '/usr/share/man/man1/curl-config.1.gz',
      '/usr/share/man/man1/curl.1.gz',
    ]);
    expect(out!.ownedPaths).toContain('usr/bin/curl');
    expect(out!.ownedPaths!.every((p) => p && !p.startsWith('/'))).toBe(true);
    // The fixture was not touched: no -wal/-shm beside it.
    expect(() => readFileSync(rpmdbFixture(`${SQLITE}-wal`))).toThrow();
  });

  it('SQLite also at usr/lib/sysimage/rpm/rpmdb.sqlite', async () => {
    const out = await run(rpmDatabaseAnalyzer, 'usr/lib/sysimage/rpm/rpmdb.sqlite', load(SQLITE));
    expect(out?.packages).toHaveLength(129);
  });

  it('NDB (SLE 15 BCI): the 35 packages go-rpmdb lists, in its order, all SUSE, no epoch', async () => {
    const expected = [
      'system-user-root-20190513-3.3.1.noarch', 'filesystem-15.0-11.3.2.x86_64', 'glibc-2.31-9.3.2.x86_64',
      'libpcre1-8.45-20.10.1.x86_64', 'libgmp10-6.1.2-4.6.1.x86_64', 'libgcc_s1-11.2.1+git610-1.3.9.x86_64',
      'libcap2-2.26-4.6.1.x86_64', 'libstdc++6-11.2.1+git610-1.3.9.x86_64', 'libncurses6-6.1-5.9.1.x86_64',
      'terminfo-base-6.1-5.9.1.x86_64', 'libattr1-2.4.47-2.19.x86_64', 'libselinux1-3.0-1.31.x86_64',
      'libreadline7-7.0-19.6.1.x86_64', 'bash-4.4-19.6.1.x86_64', 'libacl1-2.2.52-4.3.1.x86_64',
      'coreutils-8.32-3.2.1.x86_64', 'sles-release-15.3-55.4.1.x86_64', 'ca-certificates-mozilla-prebuilt-2.44-21.1.noarch',
      'libgpg-error0-1.29-1.8.x86_64', 'libpopt0-1.16-3.22.x86_64', 'file-magic-5.32-7.14.1.noarch',
      'libbz2-1-1.0.6-5.11.1.x86_64', 'liblua5_3-5-5.3.6-3.6.1.x86_64', 'liblzma5-5.2.3-4.3.1.x86_64',
      'libz1-1.2.11-3.21.1.x86_64', 'libzstd1-1.4.4-1.6.1.x86_64', 'libmagic1-5.32-7.14.1.x86_64',
      'libdw1-0.168-4.5.3.x86_64', 'libebl-plugins-0.168-4.5.3.x86_64', 'libelf1-0.168-4.5.3.x86_64',
      'libcrypt1-4.4.15-2.51.x86_64', 'perl-base-5.26.1-15.87.x86_64', 'libgcrypt20-1.8.2-8.39.1.x86_64',
      'rpm-config-SUSE-1-5.6.1.noarch', 'rpm-ndb-4.14.3-40.1.x86_64',
    ];
    const read = readRpmDatabase(load(NDB));
    expect(read.format).toBe('ndb');
    expect(read.problems).toEqual([]);
    expect(read.headers.map((h) => `${h.name}-${h.version}-${h.release}.${h.arch}`)).toEqual(expected);
    expect(read.headers.every((h) => h.epoch === null && h.vendor === 'SUSE LLC <https://www.suse.com/>')).toBe(true);

    const out = await run(rpmDatabaseAnalyzer, 'usr/lib/sysimage/rpm/Packages.db', load(NDB));
    const byName = new Map(out!.packages!.map((p) => [p.name, p]));
    expect(byName.get('glibc')).toMatchObject({ sourceName: 'glibc', sourceVersion: '2.31-9.3.2' });
    // The source version differs from the binary version here.
    expect(byName.get('libreadline7')).toMatchObject({ version: '7.0-19.6.1', sourceName: 'bash', sourceVersion: '4.4-19.6.1' });
    expect(byName.get('libstdc++6')!.purl).toBe('pkg:rpm/suse/libstdc%2B%2B6@11.2.1+git610-1.3.9?arch=x86_64');
  });

  it('Berkeley DB (libuuid, RHEL 8): the package go-rpmdb checks, with its 7 files', async () => {
    const content = load(BDB);
    const read = readRpmDatabase(content);
    expect(read.format).toBe('bdb');
    expect(read.problems).toEqual([]);
    expect(read.headers).toHaveLength(1);
    expect(read.headers[0]).toMatchObject({
      name: 'libuuid', version: '2.32.1', release: '42.el8_8', arch: 'x86_64', epoch: null,
      sourceRpm: 'util-linux-2.32.1-42.el8_8.src.rpm', license: 'BSD', vendor: 'Red Hat, Inc.',
      size: 35104, sigMd5: 'c1e561f13d39aee443a1f00258fba000',
    });
    expect(read.headers[0]!.files).toEqual([
      '/usr/lib/.build-id',
      '/usr/lib/.build-id/df/ef6a880adac817216ab9866779a0725e017647',
      '/usr/lib64/libuuid.so.1',
      '/usr/lib64/libuuid.so.1.3.0',
      '/usr/share/licenses/libuuid',
      '/usr/share/licenses/libuuid/COPYING',
      '/usr/share/licenses/libuuid/COPYING.BSD-3',
    ]);
    const out = await run(rpmDatabaseAnalyzer, 'var/lib/rpm/Packages', content);
    expect(out?.packages).toEqual([
      {
        type: 'rpm', name: 'libuuid', version: '2.32.1-42.el8_8', sourceName: 'util-linux', sourceVersion: '2.32.1-42.el8_8',
        namespace: 'redhat', arch: 'x86_64', purl: 'pkg:rpm/redhat/libuuid@2.32.1-42.el8_8?arch=x86_64', licenses: ['BSD'],
        path: 'var/lib/rpm/Packages', installedBy: null,
      },
    ]);
    expect(out?.ownedPaths).toContain('usr/lib64/libuuid.so.1.3.0');
  });

  it('a database name in the wrong place is not wanted', () => {
    const entry = (p: string) => ({ path: p, size: 1, mode: 0o644 });
    expect(rpmDatabaseAnalyzer.wants(entry('var/lib/rpm/Packages'), Buffer.alloc(0))).toBe(true);
    expect(rpmDatabaseAnalyzer.wants(entry('usr/lib/sysimage/rpm/Packages.db'), Buffer.alloc(0))).toBe(true);
    expect(rpmDatabaseAnalyzer.wants(entry('var/lib/rpm/Name'), Buffer.alloc(0))).toBe(false);
    expect(rpmDatabaseAnalyzer.wants(entry('home/x/var/lib/rpm/Packages'), Buffer.alloc(0))).toBe(false);
  });
});

describe.skipIf(!fixtures.available || rpmGate === 'skip')('rpm itself as the oracle', () => {
  if (rpmGate === 'fail') it('rpm is installed', () => expect.fail('/usr/bin/rpm not found and CI is set'));

  it('SQLite: every package and every file the same as rpm -qa', () => {
    const dir = scratchDir();
    copyFileSync(rpmdbFixture(SQLITE), path.join(dir, 'rpmdb.sqlite'));
    expect(expectSameAsRpm(readRpmDatabase(load(SQLITE)).headers, dir)).toBe(129);
  });

  it('Berkeley DB: the libuuid database the same as rpm -qa', () => {
    const dir = scratchDir();
    copyFileSync(rpmdbFixture(BDB), path.join(dir, 'Packages'));
    expect(expectSameAsRpm(readRpmDatabase(load(BDB)).headers, dir)).toBe(1);
  });
});

describe.skipIf(!fixtures.available || rpmGate === 'skip' || dbLoadGate === 'skip')('Berkeley DB hash files made by db_load, read by us and by rpm', () => {
  if (dbLoadGate === 'fail') it('db_load is installed', () => expect.fail('/usr/bin/db5.3_load not found and CI is set'));

  // 129 Mariner headers and 35 SUSE headers (the latter as our NDB reader extracted them: rpm
  // reading them back checks that reader too), in both byte orders and three page sizes: 512 B
  // pages put every header in overflow chains, 64 KiB pages keep most on the bucket page.
  const sources = [
    ['Mariner', SQLITE, 129],
    ['SLE 15', NDB, 35],
  ] as const;
  for (const [label, fixture, count] of sources) {
    for (const littleEndian of [true, false]) {
      for (const pageSize of [512, 4096, 65536]) {
        it(`${label} headers, ${littleEndian ? 'little' : 'big'}-endian, ${pageSize}-byte pages`, () => {
          const { blobs } = readRpmBlobs(load(fixture));
          const dir = scratchDir();
          const file = makeBdbPackages(dir, blobs, littleEndian, pageSize);
          const read = readRpmDatabase(readFileSync(file));
          expect(read.format).toBe('bdb');
          expect(read.problems).toEqual([]);
          expect(read.headers).toHaveLength(count);
          expect(expectSameAsRpm(read.headers, dir)).toBe(count);
        });
      }
    }
  }
});

describe('hostile rpm databases', () => {
  const sqliteFile = (sql: string): Buffer => {
    const db = new Database(':memory:');
    db.exec(sql);
    const out = db.serialize();
    db.close();
    return out;
  };

  it('SQLite: a Packages VIEW that would generate rows forever is refused at once', () => {
    const content = sqliteFile(
      "CREATE VIEW Packages AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x AS hnum, zeroblob(100) AS blob FROM c;",
    );
    const read = readRpmDatabase(content); // would not return if the view were read
    expect(read).toEqual({ format: 'sqlite', headers: [], problems: ['Packages is a view, not a table'] });
  });

  it('SQLite: a generated blob column, a missing table, rows without blobs', () => {
    expect(readRpmDatabase(sqliteFile("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, n INT, blob BLOB AS (zeroblob(n)));INSERT INTO Packages (n) VALUES (10);")).problems)
      .toEqual(['the Packages table has no stored blob column']);
    expect(readRpmDatabase(sqliteFile('CREATE TABLE Other (x);')).problems).toEqual(['no Packages table']);
    expect(readRpmDatabase(sqliteFile("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB);INSERT INTO Packages (blob) VALUES (NULL), ('text'), (x'00000001');")).problems)
      .toEqual(['2 row(s) of Packages hold no blob', '1 damaged package header(s) skipped (first: header blob of 4 bytes is too short)']);
  });

  it.skipIf(!fixtures.available)('NDB: two slots pointing at the same blob; the duplicate is dropped with a note', () => {
    const content = Buffer.from(load(NDB));
    content.copy(content, 32 + 16 * 2, 32, 48); // the third package's slot := the first's
    const read = readRpmDatabase(content);
    expect(read.headers).toHaveLength(34);
    expect(read.headers.map((h) => h.name)).not.toContain('glibc');
    expect(read.problems).toEqual(["1 slot(s) point into another package's blocks"]);
  });

  it.skipIf(!fixtures.available)('a problem per package is cut to ten notes, the last one counting the rest', async () => {
    const content = Buffer.from(load(NDB));
    for (let at = 32; at < 4096; at += 16) {
      if (content.readUInt32LE(at + 4) === 0) continue;
      content.writeUInt32LE(0, content.readUInt32LE(at + 8) * 16); // break each blob's head magic
    }
    const out = await run(rpmDatabaseAnalyzer, 'usr/lib/sysimage/rpm/Packages.db', content);
    expect(out!.packages).toEqual([]);
    expect(out!.notes).toHaveLength(10);
    expect(out!.notes![0]).toBe('usr/lib/sysimage/rpm/Packages.db (rpm ndb database): package 1: no blob header at block 256');
    expect(out!.notes![9]).toBe('usr/lib/sysimage/rpm/Packages.db (rpm ndb database): and 26 more problems');
  });

  it.skipIf(!fixtures.available || dbLoadGate !== 'run')('Berkeley DB: items sharing one overflow chain are read once', () => {
    const dir = scratchDir();
    const content = Buffer.from(readFileSync(makeBdbPackages(dir, readRpmBlobs(load(NDB)).blobs.slice(0, 4), true)));
    // Point every off-page item at the first one's chain.
    const pageSize = content.readUInt32LE(20);
    let first: Buffer | null = null;
    let patched = 0;
    for (let pg = 1; pg * pageSize < content.length; pg++) {
      const page = content.subarray(pg * pageSize, (pg + 1) * pageSize);
      if (page[25] !== 13) continue;
      const entries = page.readUInt16LE(20);
      for (let i = 1; i < entries; i += 2) {
        const at = page.readUInt16LE(26 + i * 2);
        if (page[at] !== 3) continue;
        if (!first) first = Buffer.from(page.subarray(at + 4, at + 12));
        else {
          first.copy(page, at + 4);
          patched++;
        }
      }
    }
    expect(patched).toBe(3);
    const read = readRpmDatabase(content);
    expect(read.headers).toHaveLength(1);
    expect(read.problems).toHaveLength(3);
    expect(read.problems[0]).toMatch(/reuses page/);
  });
});
