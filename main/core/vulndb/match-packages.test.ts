// Matching on real data: the alpine-310 inventory against vuln-list and secdb (SOURCES.md §1
// expectations), npm packages against the GitHub advisories, Go modules against the Go
// vulndb and PyPI packages against PyPA's database, each checked against an independent
// oracle (node-semver ranges; PyPA's enumerated version lists); Debian against a tracker
// JSON written here.
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VulnerabilityMatch } from '../../../shared/model/finding';
import type { PackageRecord } from '../../../shared/model/package';
import { importBundles } from './db-import';
import { TRACKER } from './testing/debian-tracker-sample';
import { matchInventory, matchPackages } from './match-packages';
import { measureMatching } from './measure-matching';
import { parseOsvRecord, parseRecordText } from './osv-import';
import { ALPINE_310, ALPINE_311, advisoriesDir, apkPackages, osInfo, pkg, removeDir, requireFixtures, tempDir } from './testing/fixtures';
import { VulnDb } from './vulndb';

const fixtures = requireFixtures();
const A = (rel: string) => path.join(advisoriesDir, rel);

let dir: string;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => removeDir(dir));

async function dbOf(name: string, bundles: string[]): Promise<VulnDb> {
  const dbFile = path.join(dir, `${name}.sqlite`);
  await importBundles(
    bundles.map((p) => ({ path: p })),
    { dbFile, mode: 'replace' },
  );
  return VulnDb.open(dbFile);
}

const ids = (m: VulnerabilityMatch) => [m.vulnId, ...m.aliases];
const summary = (ms: VulnerabilityMatch[]) => ms.map((m) => `${m.packageName} ${m.vulnId} ${m.fixedVersion}`).sort();

describe.skipIf(!fixtures.available)('Alpine 3.10.4 (images/alpine-310.tar.gz inventory)', () => {
  const alpine310 = osInfo('alpine', '3.10.4');

  it('against vuln-list-alpine-3.10: exactly the 20 package findings / 11 CVEs of SOURCES.md §1', async () => {
    const db = await dbOf('vl', [A('vuln-list-alpine-3.10')]);
    try {
      const matches = matchPackages(db, alpine310, apkPackages(ALPINE_310));
      expect(summary(matches)).toEqual(
        [
          'musl CVE-2020-28928 1.1.22-r4',
          'musl-utils CVE-2020-28928 1.1.22-r4',
          'busybox CVE-2021-28831 1.30.1-r5',
          'ssl_client CVE-2021-28831 1.30.1-r5',
          ...['libcrypto1.1', 'libssl1.1'].flatMap((p) => [
            `${p} CVE-2020-1967 1.1.1g-r0`,
            `${p} CVE-2020-1971 1.1.1i-r0`,
            `${p} CVE-2021-23841 1.1.1j-r0`,
            `${p} CVE-2021-23840 1.1.1j-r0`,
            `${p} CVE-2021-23839 1.1.1j-r0`,
            `${p} CVE-2021-3449 1.1.1k-r0`,
            `${p} CVE-2021-3450 1.1.1k-r0`,
          ]),
          'apk-tools CVE-2021-30139 2.10.6-r0',
          'apk-tools CVE-2021-36159 2.10.7-r0',
        ].sort(),
      );
      expect(matches).toHaveLength(20);
      expect(new Set(matches.map((m) => m.vulnId)).size).toBe(11);
      // The boundary cases: fixed == installed is not vulnerable.
      expect(matches.some((m) => m.vulnId === 'CVE-2019-14697' || m.vulnId === 'CVE-2019-1551')).toBe(false);
      const musl = matches.find((m) => m.packageName === 'musl')!;
      expect(musl).toMatchObject({
        fixState: 'fixed',
        source: 'alpine-secdb',
        matchedName: 'musl',
        packageType: 'apk',
        packageVersion: '1.1.22-r3',
        packagePath: 'lib/apk/db/installed',
        severity: 'unknown', // Alpine rates nothing and nothing else in this DB scores it
        severitySource: 'none',
        references: ['https://security.alpinelinux.org/vuln/CVE-2020-28928'],
      });
      const libssl = matches.find((m) => m.packageName === 'libssl1.1')!;
      expect(libssl.matchedName).toBe('openssl');
    } finally {
      db.close();
    }
  });

  it('against the legacy secdb: v3.10 → 0 findings, v3.11 → 0 findings (alpine-311 inventory)', async () => {
    const db = await dbOf('secdb', [A('alpine-secdb/v3.10'), A('alpine-secdb/v3.11')]);
    try {
      const r310 = matchInventory(db, alpine310, apkPackages(ALPINE_310));
      expect(r310.matches).toEqual([]);
      expect(r310.stats).toEqual({ checked: 14, skipped: 0, unreadable: 0 });
      expect(matchPackages(db, osInfo('alpine', '3.11.5'), apkPackages(ALPINE_311))).toEqual([]);
      // The releases are kept apart: 3.10's packages against 3.11's advisories find what 3.11 fixed later.
      const crossed = matchPackages(db, osInfo('alpine', '3.11.5'), apkPackages(ALPINE_310));
      expect(crossed.length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it('vuln-list and secdb together still give 20 findings (one per CVE and package), and borrow CVSS when the DB has it', async () => {
    const cvssFile = path.join(dir, 'nvd-like');
    fs.mkdirSync(cvssFile, { recursive: true });
    fs.writeFileSync(
      path.join(cvssFile, 'CVE-2021-3449.json'),
      JSON.stringify({ id: 'CVE-2021-3449', severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H' }], affected: [] }),
    );
    fs.writeFileSync(path.join(cvssFile, 'placeholder.json'), JSON.stringify({ id: 'X-0', affected: [{ package: { ecosystem: 'npm', name: 'zz' }, versions: ['1.0.0'] }] }));
    const db = await dbOf('both', [A('vuln-list-alpine-3.10'), A('alpine-secdb/v3.10'), cvssFile]);
    try {
      const matches = matchPackages(db, alpine310, apkPackages(ALPINE_310));
      expect(matches).toHaveLength(20);
      const m = matches.find((x) => x.vulnId === 'CVE-2021-3449' && x.packageName === 'libssl1.1')!;
      expect(m).toMatchObject({ severity: 'medium', severitySource: 'cvss' });
      expect(m.cvss).toEqual([{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 5.9, source: 'nvd' }]);
      // Without an OS release, OS packages cannot be matched.
      expect(matchInventory(db, null, apkPackages(ALPINE_310)).stats.skipped).toBe(14);
      // apk packages are not looked up under a Debian release.
      expect(matchPackages(db, osInfo('debian', '12'), apkPackages(ALPINE_310))).toEqual([]);
    } finally {
      db.close();
    }
  });
});

// ---- npm against ghsa-npm, with node-semver as the oracle ----

interface OracleEntry {
  id: string;
  ecosystem: string;
  name: string;
  intervals: { from: string; to: string | null; inclusive: boolean }[];
  fixed: string[];
  withdrawn: boolean;
}

function oracleEntries(docs: unknown[]): OracleEntry[] {
  const out: OracleEntry[] = [];
  for (const doc of docs) {
    const r = parseOsvRecord(doc);
    for (const a of r.affected) {
      const intervals: OracleEntry['intervals'] = [];
      for (const range of a.ranges) {
        let from: string | null = null;
        for (const e of range.events) {
          if (e.introduced !== undefined) from = e.introduced === '0' ? '0.0.0-0' : e.introduced;
          else if (from !== null && (e.fixed !== undefined || e.last_affected !== undefined)) {
            intervals.push({ from, to: (e.fixed ?? e.last_affected)!, inclusive: e.last_affected !== undefined });
            from = null;
          }
        }
        if (from !== null) intervals.push({ from, to: null, inclusive: false });
      }
      out.push({ id: r.id, ecosystem: a.ecosystem, name: a.name, intervals, fixed: a.fixed, withdrawn: r.withdrawn !== null });
    }
  }
  return out;
}

const clean = (v: string) => v.replace(/^v/, '');

function oracleAffected(e: OracleEntry, version: string): boolean {
  const v = clean(version);
  return e.intervals.some((i) => {
    if (semver.lt(v, clean(i.from))) return false;
    if (i.to === null) return true;
    return i.inclusive ? semver.lte(v, clean(i.to)) : semver.lt(v, clean(i.to));
  });
}

/** Versions around every event of every entry: the boundaries and their neighbours. */
function probeVersions(entries: OracleEntry[]): string[] {
  const set = new Set<string>();
  for (const e of entries) {
    for (const i of e.intervals) {
      for (const raw of [i.from, i.to]) {
        if (!raw) continue;
        const v = clean(raw) === '0.0.0-0' ? '0.0.1' : clean(raw);
        if (!semver.valid(v)) continue;
        set.add(v);
        const p = semver.parse(v)!;
        if (p.patch > 0) set.add(`${p.major}.${p.minor}.${p.patch - 1}`);
        set.add(`${p.major}.${p.minor}.${p.patch + 1}`);
      }
    }
  }
  return [...set];
}

function checkAgainstOracle(
  db: VulnDb,
  ecosystem: string,
  entries: OracleEntry[],
  toPackage: (name: string, version: string) => PackageRecord,
): { checked: number; hits: number } {
  const byName = new Map<string, OracleEntry[]>();
  for (const e of entries) if (e.ecosystem === ecosystem) byName.set(e.name, [...(byName.get(e.name) ?? []), e]);
  const packages: PackageRecord[] = [];
  for (const [name, list] of byName) for (const v of probeVersions(list)) packages.push(toPackage(name, v));
  const matches = matchPackages(db, null, packages);
  const got = new Map<string, Set<string>>();
  for (const m of matches) {
    const key = `${m.packageName}@${m.packageVersion}`;
    const set = got.get(key) ?? new Set();
    for (const id of ids(m)) set.add(id);
    got.set(key, set);
  }
  // Compare advisory ids only (matches also carry aliases: CVE and GHSA ids of the group).
  const known = new Set(entries.filter((e) => e.ecosystem === ecosystem).map((e) => e.id));
  let hits = 0;
  const wrong: string[] = [];
  for (const p of packages) {
    const key = `${p.name}@${p.version}`;
    const expected = [...new Set((byName.get(p.name) ?? []).filter((e) => !e.withdrawn && oracleAffected(e, p.version)).map((e) => e.id))].sort();
    const actual = [...(got.get(key) ?? [])].filter((id) => known.has(id)).sort();
    if (expected.join() !== actual.join()) wrong.push(`${key}: expected [${expected.join()}] got [${actual.join()}]`);
    hits += expected.length;
  }
  expect(wrong).toEqual([]);
  return { checked: packages.length, hits };
}

describe.skipIf(!fixtures.available)('language packages against their ecosystem', () => {
  it('npm against the 51 ghsa-npm records: every package at versions around every bound agrees with node-semver', async () => {
    const db = await dbOf('ghsa', [A('ghsa-npm')]);
    try {
      const docs = fs.readdirSync(A('ghsa-npm')).map((f) => JSON.parse(fs.readFileSync(path.join(A('ghsa-npm'), f), 'utf8')));
      const entries = oracleEntries(docs);
      const { checked, hits } = checkAgainstOracle(db, 'npm', entries, (name, version) => pkg('npm', name, version));
      expect(checked).toBeGreaterThan(300);
      expect(hits).toBeGreaterThan(300);
    } finally {
      db.close();
    }
  });

  it('npm: vulnerable and fixed versions, the CVE as id, GHSA rating, lowest fix above the installed version, withdrawn ignored', async () => {
    const db = await dbOf('ghsa2', [A('ghsa-npm')]);
    try {
      const at = (name: string, version: string, extra: Partial<PackageRecord> = {}) => matchPackages(db, null, [pkg('npm', name, version, extra)]);
      const lodash = at('lodash', '4.17.20');
      expect(lodash.map((m) => m.vulnId).sort()).toEqual(['CVE-2020-28500', 'CVE-2021-23337']);
      expect(lodash.find((m) => m.vulnId === 'CVE-2021-23337')).toMatchObject({
        aliases: ['GHSA-35jh-r3h4-6jhm'],
        severity: 'high',
        severitySource: 'vendor',
        fixState: 'fixed',
        fixedVersion: '4.17.21',
        source: 'osv:npm',
        matchedName: 'lodash',
      });
      expect(lodash.find((m) => m.vulnId === 'CVE-2020-28500')!.cvss).toEqual([
        { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', score: 5.3, source: 'ghsa' },
      ]);
      expect(at('lodash', '4.17.21')).toEqual([]);
      expect(at('lodash', '4.17.11').map((m) => m.vulnId).sort()).toEqual(['CVE-2019-10744', 'CVE-2020-28500', 'CVE-2020-8203', 'CVE-2021-23337']);
      // tar 4.4.1: several advisories with several ranges each: the fix in the installed line.
      const tar = at('tar', '4.4.1');
      expect(tar.find((m) => m.vulnId === 'CVE-2018-20834')!.fixedVersion).toBe('4.4.2');
      expect(tar.find((m) => m.vulnId === 'CVE-2021-32804')!.fixedVersion).toBe('4.4.14');
      // jsonwebtoken 8.5.1: GHSA-27h2-hvpr-p74q (CVE-2022-23529) is withdrawn.
      const jwt = at('jsonwebtoken', '8.5.1');
      expect(jwt.map((m) => m.vulnId).sort()).toEqual(['CVE-2022-23539', 'CVE-2022-23540', 'CVE-2022-23541']);
      // No aliases: the GHSA id is the id.
      expect(at('handlebars', '4.1.0').map((m) => m.vulnId)).toContain('GHSA-q42p-pg8m-cqh6');
      // Pre-release bounds: express 5.0.0-beta.1 is inside [5.0.0-alpha.1, 5.0.0-beta.3).
      expect(at('express', '5.0.0-beta.1').map((m) => m.vulnId).sort()).toEqual(['CVE-2024-29041', 'CVE-2024-43796']);
      // Packages that an OS package installed are matched as that OS package only.
      expect(at('lodash', '4.17.20', { installedBy: 'node-lodash' })).toEqual([]);
    } finally {
      db.close();
    }
  });

  it('Go modules against the Go vulndb agree with semver on SEMVER ranges; stdlib is matched as "go1.x"', async () => {
    const db = await dbOf('go', [A('go-osv')]);
    try {
      const files = fs.readdirSync(A('go-osv')).sort();
      // Every 8th record keeps this quick while covering hundreds of modules.
      const docs = files.filter((_, i) => i % 8 === 0).map((f) => JSON.parse(fs.readFileSync(path.join(A('go-osv'), f), 'utf8')));
      const entries = oracleEntries(docs).filter((e) => e.ecosystem === 'Go' && e.name !== 'stdlib' && e.name !== 'toolchain');
      const { checked, hits } = checkAgainstOracle(db, 'Go', entries, (name, version) => pkg('golang', name, `v${version}`));
      expect(checked).toBeGreaterThan(1000);
      expect(hits).toBeGreaterThan(500);

      const stdlib = matchPackages(db, null, [pkg('golang', 'stdlib', 'go1.20.1', { path: 'usr/bin/app' })]);
      expect(stdlib.length).toBeGreaterThan(10);
      expect(stdlib.every((m) => m.matchedName === 'stdlib' && m.fixState === 'fixed' && semver.gt(m.fixedVersion!, '1.20.1'))).toBe(true);
      const newest = matchPackages(db, null, [pkg('golang', 'stdlib', 'go1.20.1')]).map((m) => m.vulnId);
      expect(newest).toEqual(stdlib.map((m) => m.vulnId));
      // Go advisories carry GHSA and CVE aliases: one match per alias group.
      const net = matchPackages(db, null, [pkg('golang', 'golang.org/x/net', 'v0.0.0-20200301022130-244492dfa37a')]);
      expect(net.length).toBeGreaterThan(3);
      expect(new Set(net.map((m) => m.vulnId)).size).toBe(net.length);
      expect(net.every((m) => m.severitySource === 'none' && m.source === 'osv:Go')).toBe(true);
    } finally {
      db.close();
    }
  }, 120_000);

  it('PyPI against PyPA: listed versions are affected, fixed versions are not, names compare PEP 503-normalised', async () => {
    const db = await dbOf('pypa', [A('pypa-osv')]);
    try {
      const root = A('pypa-osv');
      const packages: PackageRecord[] = [];
      const expected = new Map<string, { id: string; affected: boolean }[]>();
      let records = 0;
      for (const folder of fs.readdirSync(root).filter((f) => !f.startsWith('.')).sort()) {
        for (const file of fs.readdirSync(path.join(root, folder)).filter((f) => f.endsWith('.yaml')).slice(0, 2)) {
          const rec = parseOsvRecord(parseRecordText(file, fs.readFileSync(path.join(root, folder, file)))[0]);
          if (rec.withdrawn) continue;
          for (const a of rec.affected) {
            if (a.ecosystem !== 'PyPI' || !a.versions.length) continue;
            records++;
            const listed = [a.versions[0]!, a.versions[a.versions.length - 1]!];
            for (const v of listed) {
              packages.push(pkg('pypi', a.name, v));
              expected.set(`${a.name}@${v}`, [...(expected.get(`${a.name}@${v}`) ?? []), { id: rec.id, affected: true }]);
            }
            // A fixed version is unaffected unless it is listed or another interval of the
            // entry opens there (PYSEC-2022-42972: [0.12.2, 0.13.0) ∪ [0.13.0, 0.14.0rc1)).
            const opens = new Set(a.ranges.flatMap((r) => r.events.flatMap((e) => (e.introduced ? [e.introduced] : []))));
            for (const f of a.fixed) {
              if (a.versions.includes(f) || opens.has(f)) continue;
              packages.push(pkg('pypi', a.name, f));
              expected.set(`${a.name}@${f}`, [...(expected.get(`${a.name}@${f}`) ?? []), { id: rec.id, affected: false }]);
            }
          }
        }
      }
      expect(records).toBeGreaterThan(800);
      const got = new Map<string, Set<string>>();
      for (const m of matchPackages(db, null, packages)) {
        const key = `${m.packageName}@${m.packageVersion}`;
        got.set(key, new Set([...(got.get(key) ?? []), ...ids(m)]));
      }
      const wrong: string[] = [];
      for (const [key, list] of expected) {
        for (const { id, affected } of list) if ((got.get(key)?.has(id) ?? false) !== affected) wrong.push(`${key} ${id} expected ${affected}`);
      }
      expect(wrong).toEqual([]);
      // PEP 503: Flask_AppBuilder is flask-appbuilder.
      const fab = matchPackages(db, null, [pkg('pypi', 'Flask_AppBuilder', '4.1.2')]);
      expect(fab.some((m) => ids(m).includes('PYSEC-2022-247'))).toBe(true);
    } finally {
      db.close();
    }
  }, 120_000);
});

describe('Debian against the security tracker', () => {
  it('by source package and source version, with fixed / not-fixed / wont-fix / unknown and urgency as severity', async () => {
    const file = path.join(dir, 'tracker.json');
    fs.writeFileSync(file, JSON.stringify(TRACKER));
    const db = await dbOf('debian', [file]);
    try {
      const bookworm = osInfo('debian', '12', 'bookworm');
      const deb = (name: string, version: string, source: string, sourceVersion: string | null = null) =>
        pkg('deb', name, version, { sourceName: source, sourceVersion, path: 'var/lib/dpkg/status' });
      const matches = matchPackages(db, bookworm, [
        deb('libssl3', '3.0.7-1', 'openssl'),
        deb('openssl', '3.0.7-1', 'openssl'),
        deb('zlib1g', '1:1.2.13.dfsg-1', 'zlib'),
        deb('curl', '7.88.1-10+deb12u5', 'curl'),
        deb('libcurl4', '7.88.1-10+deb12u5', 'curl'),
        deb('bash', '5.2.15-2+b2', 'bash'),
      ]);
      const row = (p: string, id: string) => matches.find((m) => m.packageName === p && m.vulnId === id);
      expect(row('libssl3', 'CVE-2023-0286')).toMatchObject({ fixState: 'fixed', fixedVersion: '3.0.8-1', severity: 'high', severitySource: 'vendor', source: 'debian-tracker', matchedName: 'openssl' });
      expect(row('libssl3', 'CVE-2024-0727')).toMatchObject({ fixState: 'wont-fix', fixedVersion: null, severity: 'low' });
      expect(row('zlib1g', 'CVE-2023-45853')).toMatchObject({ fixState: 'wont-fix', severity: 'negligible' });
      expect(row('zlib1g', 'CVE-2022-37434')).toBeUndefined(); // bookworm never affected
      expect(row('curl', 'CVE-2024-2398')).toMatchObject({ fixState: 'not-fixed', severity: 'medium', title: expect.stringMatching(/HTTP\/2 server push/) });
      expect(row('libcurl4', 'TEMP-0000000-A1B2C3')).toMatchObject({ fixState: 'unknown', severity: 'unknown', severitySource: 'none' });
      expect(matches.filter((m) => m.packageName === 'bash')).toEqual([]);
      expect(matches).toHaveLength(9);

      // The fixed release: openssl at the fixed version is clean for that CVE.
      expect(matchPackages(db, bookworm, [deb('libssl3', '3.0.8-1', 'openssl')]).map((m) => m.vulnId)).toEqual(['CVE-2024-0727']);
      // The source version decides, not the binary's (binNMU +b1).
      expect(matchPackages(db, bookworm, [deb('libssl3', '3.0.8-1+b1', 'openssl', '3.0.7-1')]).map((m) => m.vulnId).sort()).toEqual(['CVE-2023-0286', 'CVE-2024-0727']);
      // Debian 11 rows: zlib fixed in 1:1.2.11.dfsg-2+deb11u2 with urgency "medium**".
      const bullseye = matchPackages(db, osInfo('debian', '11', 'bullseye'), [deb('zlib1g', '1:1.2.11.dfsg-2+deb11u1', 'zlib')]);
      expect(bullseye).toMatchObject([{ vulnId: 'CVE-2022-37434', fixedVersion: '1:1.2.11.dfsg-2+deb11u2', severity: 'medium' }]);
      // A codename-only os-release (testing/sid style) still finds its release.
      expect(matchPackages(db, osInfo('debian', '', 'trixie'), [deb('zlib1g', '1:1.2.13.dfsg-1', 'zlib')])).toEqual([]);
    } finally {
      db.close();
    }
  });
});

describe('deduplication, names and options', () => {
  it('one match per alias group across sources and ecosystems spellings; Maven, scoped npm and Packagist names', async () => {
    const bundle = path.join(dir, 'dedupe');
    fs.mkdirSync(bundle, { recursive: true });
    const rec = (id: string, aliases: string[], ecosystem: string, name: string, fixed: string, extra: object = {}) =>
      fs.writeFileSync(
        path.join(bundle, `${id}.json`),
        JSON.stringify({ id, aliases, published: '2024-01-02T00:00:00Z', affected: [{ package: { ecosystem, name }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed }] }] }], ...extra }),
      );
    rec('GO-2024-0001', ['CVE-2024-1111', 'GHSA-aaaa-bbbb-cccc'], 'Go', 'example.com/mod', '1.2.0');
    rec('GHSA-aaaa-bbbb-cccc', ['CVE-2024-1111'], 'Go', 'example.com/mod', '1.3.0', { database_specific: { severity: 'CRITICAL' } });
    rec('GHSA-mmmm-mmmm-mmmm', ['CVE-2024-2222'], 'Maven', 'org.apache.logging.log4j:log4j-core', '2.17.1');
    rec('GHSA-nnnn-nnnn-nnnn', [], 'npm', '@babel/traverse', '7.23.2');
    rec('GHSA-pppp-pppp-pppp', [], 'Packagist', 'symfony/http-kernel', '5.4.20');
    rec('RUSTSEC-2024-0001', ['CVE-2024-3333'], 'crates.io', 'openssl', '0.10.60');
    rec('GHSA-rrrr-rrrr-rrrr', [], 'RubyGems', 'rack', '2.2.8');
    const db = await dbOf('dedupe', [bundle]);
    try {
      const go = matchPackages(db, null, [pkg('golang', 'example.com/mod', 'v1.1.0')]);
      expect(go).toHaveLength(1);
      expect(go[0]).toMatchObject({
        vulnId: 'CVE-2024-1111',
        aliases: ['GHSA-aaaa-bbbb-cccc', 'GO-2024-0001'],
        severity: 'critical',
        severitySource: 'vendor',
        fixedVersion: '1.2.0', // the lowest fix above the installed version over the group
        published: '2024-01-02T00:00:00Z',
      });
      // Between the two fixes only the GHSA record still applies.
      expect(matchPackages(db, null, [pkg('golang', 'example.com/mod', 'v1.2.5')])).toMatchObject([{ vulnId: 'CVE-2024-1111', fixedVersion: '1.3.0' }]);

      const named = matchPackages(db, null, [
        pkg('maven', 'log4j-core', '2.14.1', { namespace: 'org.apache.logging.log4j' }),
        pkg('npm', 'traverse', '7.22.0', { namespace: '@babel' }),
        pkg('npm', '@babel/traverse', '7.22.0'),
        pkg('composer', 'http-kernel', '5.4.1', { namespace: 'Symfony' }),
        pkg('cargo', 'openssl', '0.10.55'),
        pkg('gem', 'rack', '2.2.7'),
        pkg('maven', 'log4j-core', '2.17.1', { namespace: 'org.apache.logging.log4j' }),
      ]);
      expect(named.map((m) => `${m.matchedName} ${m.vulnId}`)).toEqual([
        'org.apache.logging.log4j:log4j-core CVE-2024-2222',
        '@babel/traverse GHSA-nnnn-nnnn-nnnn',
        '@babel/traverse GHSA-nnnn-nnnn-nnnn',
        'Symfony/http-kernel GHSA-pppp-pppp-pppp', // looked up case-insensitively
        'openssl CVE-2024-3333',
        'rack GHSA-rrrr-rrrr-rrrr',
      ]);
    } finally {
      db.close();
    }
  });

  it('measureMatching reports packages per second without printing', async () => {
    const bundle = path.join(dir, 'bench');
    fs.mkdirSync(bundle, { recursive: true });
    fs.writeFileSync(
      path.join(bundle, 'B-1.json'),
      JSON.stringify({ id: 'B-1', affected: [{ package: { ecosystem: 'npm', name: 'p1' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '2.0.0' }] }] }] }),
    );
    const db = await dbOf('bench', [bundle]);
    try {
      const packages = Array.from({ length: 2000 }, (_, i) => pkg('npm', `p${i % 50}`, `1.${i % 7}.0`));
      const m = measureMatching(db, packages, { minMs: 50 });
      expect(m.packages).toBe(2000);
      expect(m.checked).toBe(2000);
      expect(m.matches).toBe(40);
      expect(m.packagesPerSecond).toBeGreaterThan(0);
      expect(m.rounds).toBeGreaterThanOrEqual(3);
    } finally {
      db.close();
    }
  });
});
