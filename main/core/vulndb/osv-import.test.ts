// OSV import: the real GHSA, Go and PyPA records, zips streamed with yauzl, corrupt records
// counted and listed, --strict, and bundles with nothing valid refused.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundles } from './db-import';
import { parseOsvRecord, parseRecordText, osvSourceName } from './osv-import';
import { advisoriesDir, removeDir, requireFixtures, tempDir } from './testing/fixtures';
import { writeZip } from './testing/zip-writer';
import { VulnDb } from './vulndb';

const fixtures = requireFixtures();
const read = (rel: string) => fs.readFileSync(path.join(advisoriesDir, rel));

describe('parseOsvRecord', () => {
  it.skipIf(!fixtures.available)('reads a GHSA record: aliases, vendor severity, CVSS, ranges, other ecosystems', () => {
    const r = parseOsvRecord(parseRecordText('x.json', read('ghsa-npm/GHSA-29mw-wpgm-hmr9.json'))[0]);
    expect(r.id).toBe('GHSA-29mw-wpgm-hmr9');
    expect(r.aliases).toEqual(['CVE-2020-28500']);
    expect(r.vendorSeverity).toBe('medium');
    expect(r.vendorSeverityRaw).toBe('MODERATE');
    expect(r.severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L' }]);
    expect(r.affected.map((a) => a.name)).toEqual(['lodash', 'lodash-es', 'lodash.trimend', 'lodash.trim']);
    expect(r.affected[0]).toMatchObject({ ecosystem: 'npm', fixed: ['4.17.21'], state: null });
    expect(r.affected[2]!.ranges[0]!.events).toEqual([{ introduced: '0' }, { last_affected: '4.5.1' }]);
    expect(r.references[0]).toBe('https://nvd.nist.gov/vuln/detail/CVE-2020-28500'); // ADVISORY first
    expect(r.details!.length).toBeLessThanOrEqual(2000);
  });

  it.skipIf(!fixtures.available)('keeps the withdrawn date, empty aliases, and NuGet/Maven entries as their own ecosystems', () => {
    expect(parseOsvRecord(JSON.parse(read('ghsa-npm/GHSA-27h2-hvpr-p74q.json').toString())).withdrawn).toMatch(/^2023-01-27/);
    expect(parseOsvRecord(JSON.parse(read('ghsa-npm/GHSA-q42p-pg8m-cqh6.json').toString())).aliases).toEqual([]);
    const nuget = parseOsvRecord(JSON.parse(read('ghsa-npm/GHSA-8hfj-j24r-96c4.json').toString()));
    expect(nuget.affected.some((a) => a.ecosystem === 'NuGet')).toBe(true);
    const v4 = parseOsvRecord(JSON.parse(read('ghsa-npm/GHSA-cm22-4g7w-348p.json').toString()));
    expect(v4.severity.map((s) => s.type).sort()).toEqual(['CVSS_V3', 'CVSS_V4']);
  });

  it.skipIf(!fixtures.available)('reads PyPA YAML with every scalar a string (no 1.10 → 1.1), GIT ranges dropped, versions kept', () => {
    const r = parseOsvRecord(parseRecordText('PYSEC-2022-247.yaml', read('pypa-osv/flask-appbuilder/PYSEC-2022-247.yaml'))[0]);
    expect(r.id).toBe('PYSEC-2022-247');
    expect(r.aliases.sort()).toEqual(['CVE-2022-31177', 'GHSA-32ff-4g79-vgfc']);
    const a = r.affected[0]!;
    expect(a).toMatchObject({ ecosystem: 'PyPI', name: 'flask-appbuilder', fixed: ['4.1.3'] });
    expect(a.versions).toContain('0.1.10');
    expect(a.versions).toContain('1.10.0');
    expect(a.ranges.every((x) => x.type === 'ECOSYSTEM')).toBe(true);
    const yaml = parseRecordText('x.yaml', 'id: X-1\naffected:\n- package: {ecosystem: PyPI, name: p}\n  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: 1.10\n    - fixed: 2.0\n');
    expect(parseOsvRecord(yaml[0]).affected[0]!.ranges[0]!.events).toEqual([{ introduced: '1.10' }, { fixed: '2.0' }]);
  });

  it('refuses documents that are not OSV records, naming why', () => {
    expect(() => parseOsvRecord([1])).toThrow(/not an object/);
    expect(() => parseOsvRecord({ summary: 'x' })).toThrow(/no "id"/);
    expect(() => parseOsvRecord({ id: 'X', affected: 'npm' })).toThrow(/"affected" is not a list/);
    expect(() => parseOsvRecord({ id: 'X', affected: [{ package: { ecosystem: 'npm', name: 'a' }, ranges: 3 }] })).toThrow(/ranges/);
  });

  it('treats a single OSV "upstream" id as an alias, but not a list of them', () => {
    expect(parseOsvRecord({ id: 'ALPINE-CVE-2020-1', upstream: ['CVE-2020-1'] }).aliases).toEqual(['CVE-2020-1']);
    expect(parseOsvRecord({ id: 'DSA-1-1', upstream: ['CVE-2020-1', 'CVE-2020-2'] }).aliases).toEqual([]);
  });

  it('normalises Red Hat stream ecosystems to the major release and reads per-package Ubuntu priority', () => {
    const r = parseOsvRecord({
      id: 'RHSA-2024:1',
      affected: [
        { package: { ecosystem: 'Red Hat:enterprise_linux:9::appstream', name: 'curl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '0:7.76.1-26.el9' }] }] },
        { package: { ecosystem: 'Ubuntu:22.04:LTS', name: 'curl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }], severity: [{ type: 'Ubuntu', score: 'medium' }] },
      ],
    });
    expect(r.affected.map((a) => a.ecosystem)).toEqual(['Red Hat:9', 'Ubuntu:22.04:LTS']);
    expect(r.affected[1]!.vendorSeverity).toBe('medium');
  });

  it('names sources after the bundle (OSV dumps by their ecosystem folder)', () => {
    expect(osvSourceName('/data/npm/all.zip')).toBe('osv:npm');
    expect(osvSourceName('/data/ghsa-npm')).toBe('osv:ghsa-npm');
    expect(osvSourceName('/x/PyPI.zip')).toBe('osv:PyPI');
  });
});

describe('importing OSV bundles', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir();
  });
  afterAll(() => removeDir(dir));

  it.skipIf(!fixtures.available)('imports the real directories: every file of ghsa-npm, go-osv and pypa-osv', async () => {
    const dbFile = path.join(dir, 'real.sqlite');
    const messages: string[] = [];
    const result = await importBundles(
      [{ path: path.join(advisoriesDir, 'ghsa-npm') }, { path: path.join(advisoriesDir, 'go-osv') }, { path: path.join(advisoriesDir, 'pypa-osv') }],
      { dbFile, mode: 'replace', progress: (_f, m) => messages.push(m) },
    );
    expect(result.corrupt).toBe(0);
    expect(result.bundles.map((b) => [b.source, b.files, b.advisories])).toEqual([
      ['osv:ghsa-npm', 51, 51],
      ['osv:go-osv', 4291, 4291],
      ['osv:pypa-osv', 2661, 2661], // .id-allocator is hidden and skipped
    ]);
    expect(result.affectedRows).toBe(115 + 6125 + 2660);
    expect(messages.length).toBeGreaterThan(0);
    const db = VulnDb.open(dbFile);
    try {
      const s = db.status();
      expect(s.advisories).toBe(51 + 4291 + 2661);
      expect(s.sources.map((x) => x.kind)).toEqual(['osv', 'osv', 'osv']);
      expect(s.sources.every((x) => /^[0-9a-f]{64}$/.test(x.digest ?? ''))).toBe(true);
      expect(s.builtAt).toBe('2024-10-10T17:22:00.587279Z'); // the newest `modified` of the data
      expect(s.ecosystems.map((e) => e.ecosystem)).toEqual(['Go', 'Maven', 'NuGet', 'PyPI', 'npm']);
      expect(db.lookup('npm', ['lodash']).length).toBeGreaterThanOrEqual(4);
      expect(db.lookup('PyPI', ['flask-appbuilder']).length).toBeGreaterThan(0);
    } finally {
      db.close();
    }
  });

  it.skipIf(!fixtures.available)('streams a zip in the OSV dump layout (<Ecosystem>/all.zip) and counts damaged entries', async () => {
    const zipDir = path.join(dir, 'npm');
    fs.mkdirSync(zipDir, { recursive: true });
    const zipFile = path.join(zipDir, 'all.zip');
    const ghsa = path.join(advisoriesDir, 'ghsa-npm');
    const entries = fs.readdirSync(ghsa).map((f) => ({ name: f, data: fs.readFileSync(path.join(ghsa, f)) }));
    entries.push({ name: 'GHSA-bad1.json', data: Buffer.from('{"id": "GHSA-bad1", "affected": [') });
    entries.push({ name: 'GHSA-bad2.json', data: Buffer.from('{"summary": "no id"}') });
    entries.push({ name: 'GHSA-bad3.json', data: fs.readFileSync(path.join(ghsa, entries[0]!.name)), damaged: true } as never);
    entries.push({ name: 'README.txt', data: Buffer.from('not a record') });
    writeZip(zipFile, entries);
    const dbFile = path.join(dir, 'zip.sqlite');
    const result = await importBundles([{ path: zipFile }], { dbFile, mode: 'replace' });
    expect(result.bundles[0]!.source).toBe('osv:npm');
    expect(result.advisories).toBe(51);
    expect(result.corrupt).toBe(3);
    expect(result.corruptList.map((c) => c.file)).toEqual(['GHSA-bad1.json', 'GHSA-bad2.json', 'GHSA-bad3.json']);
    expect(result.corruptList[0]!.reason).toMatch(/not valid JSON/);
    expect(result.corruptList[1]!.reason).toMatch(/no "id"/);
    expect(result.corruptList[2]!.reason).toMatch(/cannot be unpacked/);
    expect(result.status.sources[0]).toMatchObject({ name: 'osv:npm', corrupt: 3, advisories: 51 });

    // --strict: the first corrupt record fails the import, and nothing is written.
    const strictFile = path.join(dir, 'strict.sqlite');
    await expect(importBundles([{ path: zipFile }], { dbFile: strictFile, mode: 'replace', strict: true })).rejects.toThrow(
      /corrupt record in .*GHSA-bad1\.json: not valid JSON.*--strict/,
    );
    expect(fs.existsSync(strictFile)).toBe(false);
    expect(fs.existsSync(`${strictFile}.new`)).toBe(false);
  });

  it('fails as a whole when the bundle is unreadable or holds nothing valid', async () => {
    const garbage = path.join(dir, 'garbage.zip');
    fs.writeFileSync(garbage, Buffer.alloc(4096, 7));
    const dbFile = path.join(dir, 'fail.sqlite');
    await expect(importBundles([{ path: garbage }], { dbFile })).rejects.toThrow(/is not a readable zip archive/);
    const empty = path.join(dir, 'empty-dir');
    fs.mkdirSync(empty);
    fs.writeFileSync(path.join(empty, 'a.json'), '[]');
    fs.writeFileSync(path.join(empty, 'b.json'), '{"nope": 1}');
    await expect(importBundles([{ path: empty }], { dbFile })).rejects.toThrow(/nothing valid found in .*empty-dir.*1 of 2 files were corrupt/);
    await expect(importBundles([{ path: path.join(dir, 'missing') }], { dbFile })).rejects.toThrow(/does not exist/);
    expect(fs.existsSync(dbFile)).toBe(false);
  });

  it('reads a JSON array of records and records with several entries for one package', async () => {
    const file = path.join(dir, 'array.json');
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          id: 'TEST-1',
          modified: '2024-01-01T00:00:00Z',
          affected: [
            { package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }] },
            { package: { ecosystem: 'npm', name: 'left-pad' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '2.0.0' }, { fixed: '2.0.3' }] }] },
          ],
        },
        { id: 'TEST-2', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'GIT', repo: 'r', events: [{ introduced: 'abc' }] }] }] },
      ]),
    );
    const dbFile = path.join(dir, 'array.sqlite');
    const result = await importBundles([{ path: file }], { dbFile, mode: 'replace' });
    expect(result.advisories).toBe(2);
    expect(result.affectedRows).toBe(2); // the GIT-only entry cannot be evaluated and gives no row
    expect(result.status.builtAt).toBe('2024-01-01T00:00:00Z');
  });
});
