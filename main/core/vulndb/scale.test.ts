// Scale: 300,000+ OSV advisories, generated from the shapes of real records (a GHSA npm record
// with CVSS and several ranges, a Go record with SEMVER ranges and imports, a PyPA record with
// a versions list, Maven, crates.io and Alpine/Debian distro records), zipped one dump per
// ecosystem as OSV publishes them (npm's dump past 65,535 entries, so zip64), imported into a
// temporary database, then counted and matched. A correctness test: no timing asserts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importBundles, type ImportResult } from './db-import';
import { matchInventory } from './match-packages';
import { measureMatching } from './measure-matching';
import { osInfo, pkg, removeDir, tempDir } from './testing/fixtures';
import { writeZip, type ZipEntryInput } from './testing/zip-writer';
import { VulnDb } from './vulndb';

const NAMES_PER_ECOSYSTEM = 5000;

interface Spec {
  folder: string;
  count: number;
  record: (i: number) => object;
  rowsPer: number;
}

const cvss = (i: number) => `CVSS:3.1/AV:N/AC:${i % 2 ? 'L' : 'H'}/PR:N/UI:N/S:U/C:H/I:${i % 3 ? 'H' : 'N'}/A:N`;

const specs: Spec[] = [
  {
    folder: 'npm',
    count: 70_000,
    rowsPer: 2,
    // GHSA shape: aliases, CVSS_V3, database_specific.severity, two ranges for one package and a second package.
    record: (i) => ({
      schema_version: '1.4.0',
      id: `GHSA-scal-e${String(i).padStart(3, '0')}-npm0`,
      modified: '2024-10-04T00:00:00Z',
      published: '2023-01-01T00:00:00Z',
      aliases: [`CVE-2090-${100000 + i}`],
      summary: `Prototype pollution in scale-npm-${i % NAMES_PER_ECOSYSTEM}`,
      details: 'Generated from the shape of GHSA-29mw-wpgm-hmr9.',
      severity: [{ type: 'CVSS_V3', score: cvss(i) }],
      affected: [
        {
          package: { ecosystem: 'npm', name: `scale-npm-${i % NAMES_PER_ECOSYSTEM}` },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `1.${i % 10}.0` }, { introduced: '2.0.0' }, { fixed: `2.${i % 5}.1` }] }],
        },
        { package: { ecosystem: 'npm', name: `@scale/npm-${i % 100}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { last_affected: '0.5.0' }] }] },
      ],
      references: [{ type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/CVE-2090-${100000 + i}` }],
      database_specific: { severity: ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'][i % 4], github_reviewed: true },
    }),
  },
  {
    folder: 'Go',
    count: 50_000,
    rowsPer: 1,
    record: (i) => ({
      schema_version: '1.3.1',
      id: `GO-2090-${i}`,
      modified: '0001-01-01T00:00:00Z',
      aliases: [`CVE-2091-${100000 + i}`, `GHSA-scal-e${String(i).padStart(3, '0')}-go00`],
      summary: `Scale module ${i}`,
      affected: [
        {
          package: { name: `example.com/scale/mod${i % NAMES_PER_ECOSYSTEM}`, ecosystem: 'Go' },
          ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `0.${i % 20}.0-0.20230925092853-5b05b5c147d9` }] }],
          ecosystem_specific: { imports: [{ path: `example.com/scale/mod${i % NAMES_PER_ECOSYSTEM}/x`, symbols: ['F'] }] },
        },
      ],
      database_specific: { url: `https://pkg.go.dev/vuln/GO-2090-${i}`, review_status: 'REVIEWED' },
    }),
  },
  {
    folder: 'PyPI',
    count: 50_000,
    rowsPer: 1,
    record: (i) => ({
      id: `PYSEC-2090-${i}`,
      details: 'Generated from the shape of PYSEC-2022-247.',
      aliases: [`CVE-2092-${100000 + i}`],
      affected: [
        {
          package: { name: `Scale_Py.${i % NAMES_PER_ECOSYSTEM}`, ecosystem: 'PyPI', purl: `pkg:pypi/scale-py-${i % NAMES_PER_ECOSYSTEM}` },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `3.${i % 7}` }] }, { type: 'GIT', repo: 'https://example.com/r', events: [{ introduced: '0' }] }],
          versions: ['0.1', '1.0', '1.10', '2.0rc1', '2.0'],
        },
      ],
      modified: '2024-10-10T00:00:00Z',
      published: '2022-08-01T19:15:00Z',
    }),
  },
  {
    folder: 'Maven',
    count: 45_000,
    rowsPer: 1,
    record: (i) => ({
      id: `GHSA-scal-e${String(i).padStart(3, '0')}-mvn0`,
      aliases: [`CVE-2093-${100000 + i}`],
      severity: [{ type: 'CVSS_V3', score: cvss(i + 1) }],
      affected: [{ package: { ecosystem: 'Maven', name: `org.scale:artifact-${i % NAMES_PER_ECOSYSTEM}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '1.0' }, { fixed: `1.${(i % 9) + 1}` }] }] }],
      modified: '2024-01-01T00:00:00Z',
    }),
  },
  {
    folder: 'crates.io',
    count: 40_000,
    rowsPer: 1,
    record: (i) => ({
      id: `RUSTSEC-2090-${i}`,
      aliases: [],
      affected: [{ package: { ecosystem: 'crates.io', name: `scale_crate_${i % NAMES_PER_ECOSYSTEM}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0.0.0-0' }, { fixed: `0.${i % 30}.0` }] }] }],
      modified: '2024-01-01T00:00:00Z',
    }),
  },
  {
    folder: 'Debian',
    count: 46_000,
    rowsPer: 2,
    // DEBIAN-CVE shape: upstream CVE, two releases, urgency per package.
    record: (i) => ({
      id: `DEBIAN-CVE-2094-${100000 + i}`,
      upstream: [`CVE-2094-${100000 + i}`],
      affected: [
        {
          package: { ecosystem: 'Debian:12', name: `scale-src-${i % NAMES_PER_ECOSYSTEM}` },
          ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `1.${i % 4}-1+deb12u1` }] }],
          ecosystem_specific: { urgency: ['low', 'medium', 'high', 'unimportant'][i % 4] },
        },
        { package: { ecosystem: 'Debian:11', name: `scale-src-${i % NAMES_PER_ECOSYSTEM}` }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] },
      ],
      modified: '2024-02-02T00:00:00Z',
    }),
  },
];

const TOTAL = specs.reduce((s, x) => s + x.count, 0);

/** How many of i = 0 … count-1 have i % NAMES_PER_ECOSYSTEM === k: the advisories of name k. */
const perName = (count: number, k: number) => Math.floor((count - 1 - k) / NAMES_PER_ECOSYSTEM) + 1;

describe('300,000+ advisories', () => {
  let dir: string;
  let result: ImportResult;
  let db: VulnDb;

  beforeAll(async () => {
    dir = tempDir('vigil-vulndb-scale-');
    const inputs = specs.map((spec) => {
      const folder = path.join(dir, spec.folder);
      fs.mkdirSync(folder);
      const file = path.join(folder, 'all.zip');
      function* entries(): Generator<ZipEntryInput> {
        for (let i = 0; i < spec.count; i++) {
          const rec = spec.record(i) as { id: string };
          yield { name: `${rec.id}.json`, data: JSON.stringify(rec) };
        }
      }
      // npm's dump deflated as OSV's are; the others stored, to keep the test's own zipping cheap.
      writeZip(file, entries(), spec.folder === 'npm' ? { method: 'deflate', level: 1 } : { method: 'store' });
      return { path: file };
    });
    result = await importBundles(inputs, { dbFile: path.join(dir, 'vulndb.sqlite'), mode: 'replace' });
    db = VulnDb.open(path.join(dir, 'vulndb.sqlite'));
  }, 300_000);

  afterAll(() => {
    db?.close();
    if (dir) removeDir(dir);
  });

  it('imports every advisory and every affected row, with nothing corrupt', () => {
    expect(TOTAL).toBeGreaterThanOrEqual(300_000);
    expect(result.corrupt).toBe(0);
    expect(result.bundles.map((b) => [b.source, b.advisories])).toEqual(specs.map((s) => [`osv:${s.folder}`, s.count]));
    const s = db.status();
    expect(s.advisories).toBe(TOTAL);
    expect(s.affectedRows).toBe(specs.reduce((n, x) => n + x.count * x.rowsPer, 0));
    expect(Object.fromEntries(s.ecosystems.map((e) => [e.ecosystem, e.affectedRows]))).toEqual({
      'Debian:11': 46_000,
      'Debian:12': 46_000,
      Go: 50_000,
      Maven: 45_000,
      PyPI: 50_000,
      'crates.io': 40_000,
      npm: 140_000,
    });
  });

  it('matches against it: every ecosystem, by the rules of each', () => {
    const { matches, stats } = matchInventory(db, osInfo('debian', '12'), [
      pkg('npm', 'scale-npm-7', '0.9.0'), // every advisory of the name: fixed 1.x.0 > 0.9.0
      pkg('npm', 'scale-npm-7', '9.0.0'), // above every range
      pkg('golang', 'example.com/scale/mod3', 'v0.0.1'),
      pkg('pypi', 'scale-py-11', '1.10'), // PEP 503: Scale_Py.11
      pkg('maven', 'artifact-5', '1.0', { namespace: 'org.scale' }),
      pkg('cargo', 'scale_crate_9', '0.0.1'),
      pkg('deb', 'libscale', '1.0-1', { sourceName: 'scale-src-2' }),
    ]);
    expect(stats).toEqual({ checked: 7, skipped: 0, unreadable: 0 });
    const count = (name: string, version?: string) => matches.filter((m) => m.matchedName === name && (!version || m.packageVersion === version)).length;
    expect(count('scale-npm-7', '0.9.0')).toBe(perName(70_000, 7));
    expect(count('scale-npm-7', '9.0.0')).toBe(0);
    expect(count('example.com/scale/mod3')).toBe(perName(50_000, 3));
    expect(count('scale-py-11')).toBe(perName(50_000, 11));
    // Maven: fixed at 1.((i % 9) + 1) is above 1.0 for every advisory of the name.
    expect(count('org.scale:artifact-5')).toBe(perName(45_000, 5));
    // crates.io: fixed 0.(i % 30).0 — i ≡ 9 (mod 5000) gives i % 30 ∈ {9, 29, 19}, all above 0.0.1.
    expect(count('scale_crate_9')).toBe(perName(40_000, 9));
    // Debian 12: fixed 1.(i % 4)-1+deb12u1 > 1.0-1 always; the id is the upstream CVE.
    const deb = matches.filter((m) => m.packageName === 'libscale');
    expect(deb).toHaveLength(perName(46_000, 2));
    expect(deb.every((m) => m.vulnId.startsWith('CVE-2094-') && m.aliases[0]!.startsWith('DEBIAN-CVE-') && m.severitySource === 'vendor')).toBe(true);
    const npm = matches.find((m) => m.matchedName === 'scale-npm-7')!;
    expect(npm).toMatchObject({ severitySource: 'vendor', fixState: 'fixed', source: 'osv:npm' });
  });

  it('measures matching over a generated inventory', () => {
    const packages = Array.from({ length: 20_000 }, (_, i) =>
      i % 4 === 0
        ? pkg('npm', `scale-npm-${i % NAMES_PER_ECOSYSTEM}`, `2.${i % 6}.0`)
        : i % 4 === 1
          ? pkg('npm', `clean-package-${i}`, '1.0.0')
          : i % 4 === 2
            ? pkg('pypi', `scale-py-${i % NAMES_PER_ECOSYSTEM}`, '3.9')
            : pkg('golang', `example.com/other/m${i}`, 'v1.0.0'),
    );
    const m = measureMatching(db, packages, { minMs: 0, maxRounds: 3 });
    expect(m.checked).toBe(20_000);
    expect(m.matches).toBeGreaterThan(0);
    expect(m.packagesPerSecond).toBeGreaterThan(0);
  });
});
