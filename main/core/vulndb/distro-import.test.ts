// Alpine secdb (YAML and vuln-list JSON, real fixtures) and the Debian security tracker JSON
// (written here: no fixture exists) into affected rows per distribution release.
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alpineRelease, secfixId } from './alpine-secdb-import';
import { detectBundleKind, importBundles } from './db-import';
import { debianEcosystem } from './debian-tracker-import';
import { jsonObjectMembers } from './json-members';
import { TRACKER } from './testing/debian-tracker-sample';
import { advisoriesDir, removeDir, requireFixtures, tempDir } from './testing/fixtures';
import { VulnDb } from './vulndb';

const fixtures = requireFixtures();

describe('Alpine secdb', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => removeDir(dir));

  it('reads secfixes entries with notes, second ids and part suffixes', () => {
    expect(secfixId('CVE-2019-14697')).toEqual({ id: 'CVE-2019-14697', aliases: [] });
    expect(secfixId('CVE-2017-16808 (AoE)')).toEqual({ id: 'CVE-2017-16808', aliases: [] });
    expect(secfixId('CVE-2019-5060 TALOS-2019-0844')).toEqual({ id: 'CVE-2019-5060', aliases: ['TALOS-2019-0844'] });
    expect(secfixId('CVE-2017-17434-1')!.id).toBe('CVE-2017-17434');
    expect(secfixId('XSA-123')).toEqual({ id: 'XSA-123', aliases: [] });
    expect(alpineRelease('v3.10')).toBe('v3.10');
    expect(alpineRelease('vuln-list-alpine-3.10')).toBe('v3.10');
    expect(alpineRelease('3.11.5')).toBe('v3.11');
    expect(alpineRelease('edge')).toBe('edge');
    expect(alpineRelease('main')).toBeNull();
  });

  it.skipIf(!fixtures.available)('detects the format of each real bundle', () => {
    expect(detectBundleKind(path.join(advisoriesDir, 'alpine-secdb/v3.10'))).toBe('alpine-secdb');
    expect(detectBundleKind(path.join(advisoriesDir, 'vuln-list-alpine-3.10'))).toBe('alpine-secdb');
    expect(detectBundleKind(path.join(advisoriesDir, 'ghsa-npm'))).toBe('osv');
    expect(detectBundleKind(path.join(advisoriesDir, 'pypa-osv'))).toBe('osv');
  });

  it.skipIf(!fixtures.available)('imports vuln-list per-origin JSON into Alpine:v3.10 with the fixed version per CVE', async () => {
    const dbFile = path.join(dir, 'vl.sqlite');
    const result = await importBundles([{ path: path.join(advisoriesDir, 'vuln-list-alpine-3.10') }], { dbFile, mode: 'replace' });
    expect(result.corrupt).toBe(0);
    expect(result.bundles[0]).toMatchObject({ kind: 'alpine-secdb', source: 'alpine-secdb:vuln-list-alpine-3.10', files: 4 });
    const db = VulnDb.open(dbFile);
    try {
      expect(db.status().ecosystems).toEqual([{ ecosystem: 'Alpine:v3.10', affectedRows: result.affectedRows }]);
      const rows = db.lookup('Alpine:v3.10', ['openssl']);
      const byId = new Map(rows.map((r) => [r.vulnId, r.fixed]));
      expect(byId.get('CVE-2019-1551')).toEqual(['1.1.1d-r2']);
      expect(byId.get('CVE-2021-3450')).toEqual(['1.1.1k-r0']);
      expect(rows.length).toBe(14);
      expect(db.lookup('Alpine:v3.10', ['musl']).map((r) => r.vulnId).sort()).toEqual(['CVE-2016-8859', 'CVE-2019-14697', 'CVE-2020-28928']);
      expect(db.lookup('Alpine:v3.11', ['musl'])).toEqual([]);
    } finally {
      db.close();
    }
  });

  it.skipIf(!fixtures.available)('imports the secdb YAML of two releases side by side (release from distroversion)', async () => {
    const dbFile = path.join(dir, 'secdb.sqlite');
    const result = await importBundles(
      [{ path: path.join(advisoriesDir, 'alpine-secdb/v3.10') }, { path: path.join(advisoriesDir, 'alpine-secdb/v3.11') }],
      { dbFile, mode: 'replace' },
    );
    expect(result.corrupt).toBe(0);
    expect(result.bundles.map((b) => b.source)).toEqual(['alpine-secdb:v3.10', 'alpine-secdb:v3.11']);
    const db = VulnDb.open(dbFile);
    try {
      expect(db.status().ecosystems.map((e) => e.ecosystem)).toEqual(['Alpine:v3.10', 'Alpine:v3.11']);
      const openssl = db.lookup('Alpine:v3.10', ['openssl']);
      expect(openssl.find((r) => r.vulnId === 'CVE-2019-1549')!.fixed).toEqual(['1.1.1d-r0']);
      // "CVE-2019-5060 TALOS-2019-0844" keeps the TALOS id as an alias.
      const talos = db.advisoriesByVulnId(['CVE-2019-5060']);
      expect(talos[0]!.aliases).toContain('TALOS-2019-0844');
    } finally {
      db.close();
    }
  });

  it('takes the release from the folder name when the document has no distroversion, and skips "0" fixes', async () => {
    const bundle = path.join(dir, 'v3.18');
    fs.mkdirSync(bundle);
    fs.writeFileSync(path.join(bundle, 'curl.json'), JSON.stringify({ name: 'curl', secfixes: { '8.1.0-r0': ['CVE-2023-1'], '0': ['CVE-2023-2'] } }));
    fs.writeFileSync(path.join(bundle, 'junk.yaml'), 'just: text\n');
    const dbFile = path.join(dir, 'folder.sqlite');
    const result = await importBundles([{ path: bundle, kind: 'alpine-secdb' }], { dbFile, mode: 'replace' });
    expect(result.advisories).toBe(1);
    expect(result.corrupt).toBe(1);
    expect(result.corruptList[0]!.reason).toMatch(/not an Alpine secdb document/);
    expect(result.status.ecosystems[0]!.ecosystem).toBe('Alpine:v3.18');
  });
});

describe('Debian security tracker JSON', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => removeDir(dir));

  it('maps codenames to Debian:<number> (sid: unstable)', () => {
    expect(debianEcosystem('bookworm')).toBe('Debian:12');
    expect(debianEcosystem('buster')).toBe('Debian:10');
    expect(debianEcosystem('trixie')).toBe('Debian:13');
    expect(debianEcosystem('forky')).toBe('Debian:14');
    expect(debianEcosystem('sid')).toBe('Debian:unstable');
    expect(debianEcosystem('hamm')).toBeNull();
  });

  it('streams members of a large object without parsing it whole, across any chunking', async () => {
    const text = JSON.stringify({ a: { x: [1, '}{"'] }, 'b\\"c': 'str,}', d: 12, e: null, f: { 'CVE-1': {} } });
    for (const size of [1, 2, 3, 7, 1000]) {
      const chunks = async function* () {
        for (let i = 0; i < text.length; i += size) yield Buffer.from(text.slice(i, i + size));
      };
      const got: [string, unknown][] = [];
      for await (const [k, v] of jsonObjectMembers(chunks())) got.push([k, v]);
      expect(got, `chunk ${size}`).toEqual(Object.entries(JSON.parse(text)));
    }
    const cut = async function* () {
      yield Buffer.from('{"a": {"b": 1}, "c": [');
    };
    await expect(async () => {
      for await (const _ of jsonObjectMembers(cut())) void _;
    }).rejects.toThrow(/cut short/);
    const notObject = async function* () {
      yield Buffer.from('[1,2]');
    };
    await expect(async () => {
      for await (const _ of jsonObjectMembers(notObject())) void _;
    }).rejects.toThrow(/expected "\{"/);
  });

  it('imports each status kind: fixed, not-fixed, wont-fix (no-dsa, ignored, postponed, end-of-life), unknown', async () => {
    const file = path.join(dir, 'json');
    fs.writeFileSync(file, JSON.stringify(TRACKER, null, 1));
    expect(detectBundleKind(file)).toBe('debian-tracker');
    const dbFile = path.join(dir, 'debian.sqlite');
    const result = await importBundles([{ path: file }], { dbFile, mode: 'replace' });
    expect(result.bundles[0]).toMatchObject({ kind: 'debian-tracker', source: 'debian-tracker:json', files: 4, corrupt: 0 });
    expect(result.advisories).toBe(6); // CVE-2020-0001 has no mapped release
    const db = VulnDb.open(dbFile);
    try {
      const row = (eco: string, name: string, id: string) => db.lookup(eco, [name]).find((r) => r.vulnId === id);
      expect(row('Debian:12', 'openssl', 'CVE-2023-0286')).toMatchObject({ fixed: ['3.0.8-1'], state: null, vendorSeverity: 'high' });
      expect(row('Debian:11', 'openssl', 'CVE-2023-0286')).toMatchObject({ fixed: ['1.1.1t-0+deb11u1'], vendorSeverity: null, vendorSeverityRaw: 'not yet assigned' });
      expect(row('Debian:unstable', 'openssl', 'CVE-2023-0286')).toBeDefined();
      expect(row('Debian:12', 'openssl', 'CVE-2024-0727')).toMatchObject({ state: 'wont-fix', fixed: [], vendorSeverity: 'low' });
      expect(row('Debian:11', 'openssl', 'CVE-2024-0727')).toMatchObject({ state: 'wont-fix' });
      expect(row('Debian:12', 'zlib', 'CVE-2023-45853')).toMatchObject({ state: 'wont-fix', vendorSeverity: 'negligible' });
      expect(row('Debian:10', 'zlib', 'CVE-2023-45853')).toMatchObject({ state: 'wont-fix' });
      expect(row('Debian:12', 'zlib', 'CVE-2022-37434')).toBeUndefined(); // fixed_version "0": never affected
      expect(row('Debian:11', 'zlib', 'CVE-2022-37434')).toMatchObject({ fixed: ['1:1.2.11.dfsg-2+deb11u2'], vendorSeverity: 'medium', vendorSeverityRaw: 'medium**' });
      expect(row('Debian:12', 'curl', 'CVE-2024-2398')).toMatchObject({ state: 'not-fixed', vendorSeverity: 'medium' });
      expect(row('Debian:12', 'curl', 'TEMP-0000000-A1B2C3')).toMatchObject({ state: 'unknown' });
      const adv = db.advisoriesByVulnId(['CVE-2023-45853'])[0]!;
      expect(adv.details).toMatch(/MiniZip/);
      expect(adv.references).toEqual(['https://security-tracker.debian.org/tracker/CVE-2023-45853']);
    } finally {
      db.close();
    }
  });

  it('reads a gzip-compressed tracker file and refuses a damaged one', async () => {
    const gz = path.join(dir, 'tracker.json.gz');
    fs.writeFileSync(gz, gzipSync(JSON.stringify(TRACKER)));
    const result = await importBundles([{ path: gz }], { dbFile: path.join(dir, 'gz.sqlite'), mode: 'replace' });
    expect(result.advisories).toBe(6);
    const bad = path.join(dir, 'bad.json.gz');
    fs.writeFileSync(bad, gzipSync(JSON.stringify(TRACKER)).subarray(0, 200));
    await expect(importBundles([{ path: bad }], { dbFile: path.join(dir, 'bad.sqlite'), mode: 'replace' })).rejects.toThrow(/damaged gzip|cut short/);
    const notTracker = path.join(dir, 'not.json');
    fs.writeFileSync(notTracker, '{"openssl": {"CVE-1": {"releases": {}}}, ');
    await expect(importBundles([{ path: notTracker, kind: 'debian-tracker' }], { dbFile: path.join(dir, 'bad.sqlite') })).rejects.toThrow(
      /not a Debian security tracker JSON document/,
    );
  });
});
