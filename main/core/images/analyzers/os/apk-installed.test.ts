// apk's installed database, read from inside the real Alpine 3.10.4 / 3.11.5 docker-save
// fixtures in memory, against the package lists in fixtures/SOURCES.md §1.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { packageRecordSchema } from '../../../../../shared/model/package';
import { requireFixtures } from '../../../../../tests/support/environment';
import type { AnalyzerOutput } from '../analyzer';
import { apkInstalledAnalyzer, parseApkInstalled } from './apk-installed';
import { imageFixture, layersOfDockerSave, run, tarEntries, tarFiles } from './testing';

const fixtures = requireFixtures();

// SOURCES.md §1: name version [origin].
const ALPINE_310 = `musl 1.1.22-r3 [musl], busybox 1.30.1-r3 [busybox], alpine-baselayout 3.1.2-r0
[alpine-baselayout], alpine-keys 2.1-r2 [alpine-keys], libcrypto1.1 1.1.1d-r2 [openssl],
libssl1.1 1.1.1d-r2 [openssl], ca-certificates-cacert 20190108-r0 [ca-certificates],
libtls-standalone 2.9.1-r0 [libtls-standalone], ssl_client 1.30.1-r3 [busybox],
zlib 1.2.11-r1 [zlib], apk-tools 2.10.4-r2 [apk-tools], scanelf 1.2.3-r0 [pax-utils],
musl-utils 1.1.22-r3 [musl], libc-utils 0.7.1-r0 [libc-dev]`;
const ALPINE_311 = `musl 1.1.24-r2, busybox 1.31.1-r9, alpine-baselayout 3.2.0-r3,
alpine-keys 2.1-r2, libcrypto1.1 1.1.1d-r3, libssl1.1 1.1.1d-r3, ca-certificates-cacert
20191127-r1, libtls-standalone 2.9.1-r0, ssl_client 1.31.1-r9, zlib 1.2.11-r3, apk-tools
2.10.4-r3, scanelf 1.2.4-r0, musl-utils 1.1.24-r2, libc-utils 0.7.2-r0`;

function listed(text: string): Array<[string, string]> {
  return text
    .replace(/\s*\[[^\]]*\]/g, '')
    .split(',')
    .map((s) => s.trim().split(/\s+/) as [string, string]);
}
const origins310 = [...ALPINE_310.matchAll(/\[([^\]]+)\]/g)].map((m) => m[1]!);

async function analyzeImage(file: string): Promise<{ out: AnalyzerOutput; layer: Buffer; db: Buffer }> {
  const [layer] = await layersOfDockerSave(readFileSync(imageFixture(file)));
  const db = (await tarFiles(layer!, (n) => n === 'lib/apk/db/installed')).get('lib/apk/db/installed')!;
  const out = (await run(apkInstalledAnalyzer, 'lib/apk/db/installed', db))!;
  return { out, layer: layer!, db };
}

describe.skipIf(!fixtures.available)('apk installed database in the Alpine fixtures', () => {
  let a310: { out: AnalyzerOutput; layer: Buffer; db: Buffer };
  let a311: { out: AnalyzerOutput; layer: Buffer; db: Buffer };
  beforeAll(async () => {
    a310 = await analyzeImage('alpine-310.tar.gz');
    a311 = await analyzeImage('alpine-311.tar.gz');
  });

  it('alpine 3.10.4: the 14 packages, versions and 11 origins of SOURCES.md', () => {
    const packages = a310.out.packages!;
    expect(a310.out.notes).toBeUndefined();
    expect(packages.map((p) => [p.name, p.version])).toEqual(listed(ALPINE_310));
    expect(packages.map((p) => p.sourceName)).toEqual(origins310);
    expect(new Set(packages.map((p) => p.sourceName)).size).toBe(11);
    expect(packages.every((p) => p.sourceVersion === p.version && p.arch === 'x86_64')).toBe(true);
    for (const p of packages) expect(() => packageRecordSchema.parse(p)).not.toThrow();
    expect(packages[0]).toEqual({
      type: 'apk',
      name: 'musl',
      version: '1.1.22-r3',
      sourceName: 'musl',
      sourceVersion: '1.1.22-r3',
      namespace: 'alpine',
      arch: 'x86_64',
      purl: 'pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64',
      licenses: ['MIT'],
      path: 'lib/apk/db/installed',
      installedBy: null,
    });
  });

  it('alpine 3.11.5: the 14 packages of SOURCES.md, same origins', () => {
    expect(a311.out.packages!.map((p) => [p.name, p.version])).toEqual(listed(ALPINE_311));
    expect(a311.out.packages!.map((p) => p.sourceName)).toEqual(origins310);
  });

  it('licenses: SPDX ids kept, old space-separated lists split, obvious aliases mapped', () => {
    const lic = new Map(a310.out.packages!.map((p) => [p.name, p.licenses]));
    expect(lic.get('busybox')).toEqual(['GPL-2.0']);
    expect(lic.get('libcrypto1.1')).toEqual(['OpenSSL']);
    expect(lic.get('ca-certificates-cacert')).toEqual(['MPL-2.0', 'GPL-2.0-or-later']);
    expect(lic.get('alpine-baselayout')).toEqual(['GPL-2.0-only']); // "GPL2"
    expect(lic.get('zlib')).toEqual(['Zlib']);
    expect(a310.out.packages!.find((p) => p.licenses.length > 2)?.licenses).toEqual(['MIT', 'BSD', 'GPL-2.0-or-later']); // "MIT BSD GPL2+"
  });

  it('owned paths: every R: file, each present in the layer as a file or link', async () => {
    const owned = a310.out.ownedPaths!;
    const rLines = a310.db.toString('utf8').split('\n').filter((l) => l.startsWith('R:')).length;
    expect(owned).toHaveLength(rLines);
    expect(owned).toContain('lib/libc.musl-x86_64.so.1');
    expect(owned).toContain('bin/busybox');
    expect(owned).toContain('etc/ssl/cert.pem');
    const entries = await tarEntries(a310.layer);
    const missing = owned.filter((p) => !['file', 'symlink', 'link'].includes(entries.get(p) ?? ''));
    expect(missing).toEqual([]);
  });

  it('keeps what a truncated database still holds; a 200-fold database reads whole', () => {
    const text = a310.db.toString('utf8');
    const cut = text.slice(0, text.indexOf('P:zlib') + 40);
    const { packages } = parseApkInstalled(cut, 'lib/apk/db/installed');
    expect(packages.map((p) => p.name)).toEqual(listed(ALPINE_310).slice(0, 10).map(([n]) => n));
    const big = Array.from({ length: 200 }, () => text).join('\n');
    expect(parseApkInstalled(big, 'lib/apk/db/installed').packages).toHaveLength(2800);
  });
});

describe('apk installed edge cases', () => {
  it('entries without name or version are skipped with a note; files before any F: are at the root', () => {
    const text = 'P:a\nV:1-r0\nR:top\nF:usr/bin\nR:x\n\nP:b\n\nV:2\n\nP:c\nV:3-r1\nA:aarch64\nL:(MIT OR Apache-2.0) AND BSD-3-Clause\n';
    const { packages, ownedPaths, notes } = parseApkInstalled(text, 'lib/apk/db/installed');
    expect(packages.map((p) => [p.name, p.version, p.sourceName, p.arch])).toEqual([
      ['a', '1-r0', 'a', null],
      ['c', '3-r1', 'c', 'aarch64'],
    ]);
    expect(packages[1]!.licenses).toEqual(['MIT', 'Apache-2.0', 'BSD-3-Clause']);
    expect(packages[0]!.purl).toBe('pkg:apk/alpine/a@1-r0');
    expect(ownedPaths).toEqual(['top', 'usr/bin/x']);
    expect(notes).toEqual(['lib/apk/db/installed: 2 entries without a name or version skipped']);
  });

  it('text that is not an apk database gets a note', () => {
    const { packages, notes } = parseApkInstalled('{"json": true}\n', 'lib/apk/db/installed');
    expect(packages).toEqual([]);
    expect(notes[0]).toMatch(/not an apk database/);
  });
});
