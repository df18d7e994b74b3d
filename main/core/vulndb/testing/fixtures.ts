// Test support: where the real advisories are, temp directories, and package records.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OsInfo } from '../../../../shared/model/os-info';
import type { PackageRecord, PackageType } from '../../../../shared/model/package';
import { fixturesDir, requireFixtures } from '../../../../tests/support/environment';

export { fixturesDir, requireFixtures };

export const advisoriesDir = path.join(fixturesDir, 'advisories');

export function tempDir(prefix = 'vigil-vulndb-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

export function pkg(type: PackageType, name: string, version: string, extra: Partial<PackageRecord> = {}): PackageRecord {
  return {
    type,
    name,
    version,
    sourceName: null,
    sourceVersion: null,
    namespace: null,
    arch: null,
    purl: `pkg:${type}/${name}@${version}`,
    licenses: [],
    path: `test/${name}`,
    installedBy: null,
    ...extra,
  };
}

export function osInfo(family: string, version: string, codename: string | null = null): OsInfo {
  return { family, version, codename, prettyName: null, source: 'etc/os-release' };
}

/** The 14 apk packages of images/alpine-310.tar.gz (SOURCES.md §1): name, version, origin. */
export const ALPINE_310: [string, string, string][] = [
  ['musl', '1.1.22-r3', 'musl'],
  ['busybox', '1.30.1-r3', 'busybox'],
  ['alpine-baselayout', '3.1.2-r0', 'alpine-baselayout'],
  ['alpine-keys', '2.1-r2', 'alpine-keys'],
  ['libcrypto1.1', '1.1.1d-r2', 'openssl'],
  ['libssl1.1', '1.1.1d-r2', 'openssl'],
  ['ca-certificates-cacert', '20190108-r0', 'ca-certificates'],
  ['libtls-standalone', '2.9.1-r0', 'libtls-standalone'],
  ['ssl_client', '1.30.1-r3', 'busybox'],
  ['zlib', '1.2.11-r1', 'zlib'],
  ['apk-tools', '2.10.4-r2', 'apk-tools'],
  ['scanelf', '1.2.3-r0', 'pax-utils'],
  ['musl-utils', '1.1.22-r3', 'musl'],
  ['libc-utils', '0.7.1-r0', 'libc-dev'],
];

export const ALPINE_311: [string, string, string][] = [
  ['musl', '1.1.24-r2', 'musl'],
  ['busybox', '1.31.1-r9', 'busybox'],
  ['alpine-baselayout', '3.2.0-r3', 'alpine-baselayout'],
  ['alpine-keys', '2.1-r2', 'alpine-keys'],
  ['libcrypto1.1', '1.1.1d-r3', 'openssl'],
  ['libssl1.1', '1.1.1d-r3', 'openssl'],
  ['ca-certificates-cacert', '20191127-r1', 'ca-certificates'],
  ['libtls-standalone', '2.9.1-r0', 'libtls-standalone'],
  ['ssl_client', '1.31.1-r9', 'busybox'],
  ['zlib', '1.2.11-r3', 'zlib'],
  ['apk-tools', '2.10.4-r3', 'apk-tools'],
  ['scanelf', '1.2.4-r0', 'pax-utils'],
  ['musl-utils', '1.1.24-r2', 'musl'],
  ['libc-utils', '0.7.2-r0', 'libc-dev'],
];

export function apkPackages(list: [string, string, string][]): PackageRecord[] {
  return list.map(([name, version, origin]) => pkg('apk', name, version, { sourceName: origin, path: 'lib/apk/db/installed', arch: 'x86_64' }));
}
