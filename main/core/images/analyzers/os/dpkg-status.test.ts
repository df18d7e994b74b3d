// dpkg's status database, checked against dpkg-query itself: this machine's real
// /var/lib/dpkg/status (Debian 12) and the Debian 8/10 status files inside the snyk image
// fixtures (read with dpkg-query --admindir), plus distroless-style status.d files and the edge
// cases a real database rarely shows.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRecordSchema, type PackageRecord } from '../../../../../shared/model/package';
import { requireFixtures, strict } from '../../../../../tests/support/environment';
import { dpkgStatusAnalyzer, isPresent, parseDpkgStatus, parseSourceField, parseStanzas } from './dpkg-status';
import { filesFromDockerSave, imageFixture, run } from './testing';

const DPKG_QUERY = '/usr/bin/dpkg-query';
const STATUS = '/var/lib/dpkg/status';
const dpkgGate = existsSync(DPKG_QUERY) && existsSync(STATUS) ? 'run' : strict ? 'fail' : 'skip';
if (dpkgGate === 'skip') console.warn(`[skip] dpkg oracle: ${DPKG_QUERY} or ${STATUS} missing (not a Debian machine)`);
const fixtures = requireFixtures();

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

const PRESENT = new Set(['installed', 'unpacked', 'half-configured', 'triggers-awaited', 'triggers-pending']);

/** dpkg-query's view: Package, Version, source:Package, source:Version, Architecture of every present package. */
function dpkgQuery(admindir?: string): string[] {
  const args = [...(admindir ? [`--admindir=${admindir}`] : []), '-W', '-f', '${Package}\\t${Version}\\t${source:Package}\\t${source:Version}\\t${Architecture}\\t${db:Status-Status}\\n'];
  const res = spawnSync(DPKG_QUERY, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`dpkg-query failed: ${res.stderr}`);
  return res.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'))
    .filter((f) => PRESENT.has(f[5] as string))
    .map((f) => f.slice(0, 5).join('\t'))
    .sort();
}

const ours = (packages: PackageRecord[]) => packages.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion, p.arch].join('\t')).sort();

function statusInAdmindir(content: Buffer): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-dpkg-'));
  scratch.push(dir);
  writeFileSync(path.join(dir, 'status'), content);
  return dir;
}

describe.skipIf(dpkgGate === 'skip')('this machine’s dpkg database, dpkg-query as the oracle', () => {
  if (dpkgGate === 'fail') it('dpkg-query is installed', () => expect.fail(`${DPKG_QUERY} or ${STATUS} missing and CI is set`));

  it('every package: name, version, source name, source version, architecture (zero mismatches)', async () => {
    const content = readFileSync(STATUS);
    const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', content);
    expect(out?.notes).toBeUndefined();
    const expected = dpkgQuery();
    expect(expected.length).toBeGreaterThan(100);
    expect(ours(out!.packages!)).toEqual(expected);
    for (const p of out!.packages!) expect(() => packageRecordSchema.parse(p)).not.toThrow();
  });

  it('distroless status.d: one stanza file per package, no Status field, .md5sums ignored', async () => {
    const text = readFileSync(STATUS, 'utf8');
    const stanzas = text.split(/\n(?=Package: )/).map((s) => s.replace(/^Status: .*\n/m, ''));
    const all: PackageRecord[] = [];
    for (const stanza of stanzas) {
      const name = /^Package: (.+)$/m.exec(stanza)![1]!;
      const file = `var/lib/dpkg/status.d/${name}`;
      const out = await run(dpkgStatusAnalyzer, file, Buffer.from(stanza));
      expect(out?.packages).toHaveLength(1);
      expect(out!.packages![0]!.path).toBe(file);
      all.push(...out!.packages!);
    }
    expect(ours(all)).toEqual(dpkgQuery());
    expect(dpkgStatusAnalyzer.wants({ path: 'var/lib/dpkg/status.d/libc6.md5sums', size: 1, mode: 0o644 }, Buffer.alloc(0))).toBe(false);
    expect(dpkgStatusAnalyzer.wants({ path: 'var/lib/dpkg/status.d/sub/x', size: 1, mode: 0o644 }, Buffer.alloc(0))).toBe(false);
    expect(dpkgStatusAnalyzer.wants({ path: 'var/lib/dpkg/status-old', size: 1, mode: 0o644 }, Buffer.alloc(0))).toBe(false);
  });
});

describe.skipIf(dpkgGate === 'skip' || !fixtures.available)('Debian images from the snyk fixtures, dpkg-query --admindir as the oracle', () => {
  it('nginx (Debian 10): 84 packages', async () => {
    const [status] = await filesFromDockerSave(readFileSync(imageFixture('snyk/nginx.tar')), 'var/lib/dpkg/status');
    const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', status!);
    expect(out!.packages).toHaveLength(84);
    expect(ours(out!.packages!)).toEqual(dpkgQuery(statusInAdmindir(status!)));
  });

  it('dockergoof (Debian 8): each of its four layers’ status files', async () => {
    const statuses = await filesFromDockerSave(readFileSync(imageFixture('snyk/dockergoof.tar')), 'var/lib/dpkg/status');
    expect(statuses).toHaveLength(4);
    const counts: number[] = [];
    for (const status of statuses) {
      const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', status);
      expect(ours(out!.packages!)).toEqual(dpkgQuery(statusInAdmindir(status)));
      counts.push(out!.packages!.length);
    }
    expect(counts.sort((a, b) => a - b)).toEqual(
      statuses.map((s) => parseStanzas(s.toString('utf8')).filter((x) => isPresent(x.status)).length).sort((a, b) => a - b),
    );
  });
});

describe('dpkg status edge cases', () => {
  const stanza = (fields: Record<string, string>) => Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join('\n');

  it('reads the states dpkg has files on disk for, whatever the want flag', () => {
    const states = [
      ['a', 'install ok installed', true],
      ['b', 'hold ok installed', true],
      ['c', 'deinstall ok installed', true],
      ['d', 'deinstall ok config-files', false],
      ['e', 'purge ok not-installed', false],
      ['f', 'install reinstreq half-installed', false],
      ['g', 'install ok unpacked', true],
      ['h', 'install ok half-configured', true],
      ['i', 'install ok triggers-pending', true],
      ['j', 'install ok triggers-awaited', true],
      ['k', 'garbage', false],
    ] as const;
    const text = states.map(([name, status]) => stanza({ Package: name, Status: status, Version: '1.0' })).join('\n\n');
    const { packages } = parseDpkgStatus(text, 'var/lib/dpkg/status');
    expect(packages.map((p) => p.name)).toEqual(states.filter((s) => s[2]).map((s) => s[0]));
  });

  it('Source with and without a version, epochs, continuation lines, CRLF, case-insensitive fields', () => {
    const text = [
      'Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.11-1~deb12u2\nDescription: x\n more\n .\n Version: 9.9',
      'Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nMulti-Arch: same\nSource: glibc (2.36-9+deb12u4)\nVersion: 2.36-9+deb12u4',
      'Package: libc6\nStatus: install ok installed\nArchitecture: i386\nSource: glibc\nVersion: 2.36-9+deb12u4',
      'Package: perl-base\nStatus: install ok installed\nArchitecture: amd64\nSource: perl (5.36.0-7)\nVersion: 5.36.0-7+deb12u1',
      'package: tzdata\r\nstatus: install ok installed\r\nversion: 1:2024a-0+deb12u1\r\narchitecture: all\r\n',
      'Package: noversion\nStatus: install ok installed',
      'Status: install ok installed\nVersion: 1',
    ].join('\n\n');
    const { packages, notes } = parseDpkgStatus(text, 'var/lib/dpkg/status');
    expect(packages.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion, p.arch])).toEqual([
      ['libssl3', '3.0.11-1~deb12u2', 'openssl', '3.0.11-1~deb12u2', 'amd64'],
      ['libc6', '2.36-9+deb12u4', 'glibc', '2.36-9+deb12u4', 'amd64'],
      ['libc6', '2.36-9+deb12u4', 'glibc', '2.36-9+deb12u4', 'i386'],
      ['perl-base', '5.36.0-7+deb12u1', 'perl', '5.36.0-7', 'amd64'],
      ['tzdata', '1:2024a-0+deb12u1', 'tzdata', '1:2024a-0+deb12u1', 'all'],
    ]);
    expect(packages[0]!.purl).toBe('pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64');
    expect(packages[4]!.purl).toBe('pkg:deb/debian/tzdata@1:2024a-0+deb12u1?arch=all');
    expect(notes).toEqual([
      'var/lib/dpkg/status: 1 stanza(s) without a Package field skipped',
      'var/lib/dpkg/status: 1 installed package(s) without a Version skipped',
    ]);
  });

  it('parseSourceField', () => {
    expect(parseSourceField('glibc (2.36-9)')).toEqual({ name: 'glibc', version: '2.36-9' });
    expect(parseSourceField('glibc')).toEqual({ name: 'glibc', version: null });
    expect(parseSourceField('glibc (2.36-9')).toEqual({ name: 'glibc', version: '2.36-9' });
    expect(parseSourceField('glibc ()')).toEqual({ name: 'glibc', version: null });
  });

  it('an empty status file is an empty database, not an error', async () => {
    expect(await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', Buffer.alloc(0))).toEqual({ packages: [] });
  });

  it('a status file that is not one gets a note', async () => {
    const out = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', Buffer.from('hello world\nthis is not dpkg\n'));
    expect(out?.packages).toEqual([]);
    expect(out?.notes?.[0]).toMatch(/^var\/lib\/dpkg\/status: no package stanzas found/);
    const binary = await run(dpkgStatusAnalyzer, 'var/lib/dpkg/status', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    expect(binary?.notes?.[0]).toMatch(/binary data/);
  });

  // Speed is measured by os-analyzers.bench.ts (DESIGN.md §8); vitest's test timeout guards against a hang.
  it('a large database: 20,000 stanzas with long descriptions', () => {
    const one = 'Package: p{i}\nStatus: install ok installed\nVersion: 1.{i}\nArchitecture: amd64\nDescription: d\n' + ' line\n'.repeat(40);
    const text = Array.from({ length: 20000 }, (_, i) => one.replaceAll('{i}', String(i))).join('\n');
    const { packages } = parseDpkgStatus(text, 'var/lib/dpkg/status');
    expect(packages).toHaveLength(20000);
    expect(packages[19999]).toMatchObject({ name: 'p19999', version: '1.19999' });
  });
});
