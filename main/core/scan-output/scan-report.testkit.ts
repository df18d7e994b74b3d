// A realistic ScanReport for the output-format tests: an application image built FROM the real
// alpine:3.10 (3.10.4) layer, with the 14 apk packages of shared/fixtures/images/alpine-310.tar.gz
// (names, versions, origins as in shared/fixtures/SOURCES.md §1; licences as Trivy reads them),
// plus npm, PyPI and Go packages in later layers, unowned files, and findings taken from the
// advisories in shared/fixtures (vuln-list Alpine 3.10, GHSA npm, PyPA, Go vulndb). One
// vulnerability (CVE-2021-28831, 2 findings) is ignored; lodash.set has no fixed version.
import { createHash } from 'node:crypto';
import { scanReportSchema, type ImageFinding, type ScanReport } from '../../../shared/model/scan-report';
import type { ImagePackage } from '../../../shared/model/package';
import type { ImageFile } from '../../../shared/model/image';
import { emptyCounts } from '../../../shared/model/severity';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export const ALPINE_DIFF_ID = 'sha256:531743b7098cb2aaf615641007a129173f63ed86ca32fe7b5a246a1c47286028';
export const IMAGE_ID = 'sha256:9d4f6a1c0b7e2f3a8c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3';
export const MANIFEST_DIGEST = `sha256:${sha256('manifest of registry.example.com/team/app:1.4.2')}`;
const LAYERS = [
  { index: 0, diffId: ALPINE_DIFF_ID, createdBy: '/bin/sh -c #(nop) ADD file:d48cac34fac385cbc1de6adfdd88300f76f9bbe346cd17e64fd834d042a98326 in / ' },
  { index: 1, diffId: `sha256:${sha256('layer 1: app')}`, createdBy: 'COPY app/ /app # buildkit' },
  { index: 2, diffId: `sha256:${sha256('layer 2: venv')}`, createdBy: 'COPY /venv /opt/venv # buildkit' },
  { index: 3, diffId: `sha256:${sha256('layer 3: go binary')}`, createdBy: 'COPY /out/app /usr/local/bin/app # buildkit' },
] as const;

/** name, version, origin, licences (lib/apk/db/installed of alpine-310.tar.gz). */
export const APK_PACKAGES: readonly [string, string, string, string[]][] = [
  ['musl', '1.1.22-r3', 'musl', ['MIT']],
  ['busybox', '1.30.1-r3', 'busybox', ['GPL-2.0-only']],
  ['alpine-baselayout', '3.1.2-r0', 'alpine-baselayout', ['GPL-2.0-only']],
  ['alpine-keys', '2.1-r2', 'alpine-keys', ['MIT']],
  ['libcrypto1.1', '1.1.1d-r2', 'openssl', ['OpenSSL']],
  ['libssl1.1', '1.1.1d-r2', 'openssl', ['OpenSSL']],
  ['ca-certificates-cacert', '20190108-r0', 'ca-certificates', ['MPL-2.0', 'GPL-2.0-or-later']],
  ['libtls-standalone', '2.9.1-r0', 'libtls-standalone', ['ISC']],
  ['ssl_client', '1.30.1-r3', 'busybox', ['GPL-2.0-only']],
  ['zlib', '1.2.11-r1', 'zlib', ['Zlib']],
  ['apk-tools', '2.10.4-r2', 'apk-tools', ['GPL-2.0-only']],
  ['scanelf', '1.2.3-r0', 'pax-utils', ['GPL-2.0-only']],
  ['musl-utils', '1.1.22-r3', 'musl', ['MIT', 'BSD-3-Clause', 'GPL-2.0-or-later']],
  ['libc-utils', '0.7.1-r0', 'libc-dev', ['BSD-3-Clause']],
];

function apk([name, version, origin, licenses]: (typeof APK_PACKAGES)[number]): ImagePackage {
  return {
    type: 'apk',
    name,
    version,
    sourceName: origin,
    sourceVersion: version,
    namespace: 'alpine',
    arch: 'x86_64',
    purl: `pkg:apk/alpine/${name}@${version}?arch=x86_64&distro=3.10.4`,
    licenses,
    path: 'lib/apk/db/installed',
    installedBy: null,
    layerIndex: 0,
    layerDiffId: ALPINE_DIFF_ID,
  };
}

function lang(
  type: 'npm' | 'pypi' | 'golang',
  namespace: string | null,
  name: string,
  version: string,
  purl: string,
  licenses: string[],
  path: string,
  layerIndex: 1 | 2 | 3,
): ImagePackage {
  return {
    type,
    name,
    version,
    sourceName: null,
    sourceVersion: null,
    namespace,
    arch: null,
    purl,
    licenses,
    path,
    installedBy: null,
    layerIndex,
    layerDiffId: LAYERS[layerIndex].diffId,
  };
}

export const LANGUAGE_PACKAGES: readonly ImagePackage[] = [
  lang('npm', null, 'minimist', '1.2.0', 'pkg:npm/minimist@1.2.0', ['MIT'], 'app/node_modules/minimist/package.json', 1),
  lang('npm', null, 'lodash', '4.17.15', 'pkg:npm/lodash@4.17.15', ['MIT'], 'app/node_modules/lodash/package.json', 1),
  lang('npm', null, 'lodash.set', '4.3.2', 'pkg:npm/lodash.set@4.3.2', ['MIT'], 'app/node_modules/lodash.set/package.json', 1),
  lang('npm', '@babel', 'runtime', '7.8.4', 'pkg:npm/%40babel/runtime@7.8.4', ['MIT'], 'app/node_modules/@babel/runtime/package.json', 1),
  lang('npm', null, 'rc', '1.2.8', 'pkg:npm/rc@1.2.8', ['(BSD-2-Clause OR MIT OR Apache-2.0)'], 'app/node_modules/rc/package.json', 1),
  lang('pypi', null, 'pyyaml', '5.1.2', 'pkg:pypi/pyyaml@5.1.2', ['MIT'], 'opt/venv/lib/python3.8/site-packages/PyYAML-5.1.2.dist-info/METADATA', 2),
  lang('pypi', null, 'requests', '2.22.0', 'pkg:pypi/requests@2.22.0', ['Apache 2.0'], 'opt/venv/lib/python3.8/site-packages/requests-2.22.0.dist-info/METADATA', 2),
  lang(
    'pypi',
    null,
    'typing-extensions',
    '3.7.4.1',
    'pkg:pypi/typing-extensions@3.7.4.1',
    ['Python Software Foundation License'],
    'opt/venv/lib/python3.8/site-packages/typing_extensions-3.7.4.1.dist-info/METADATA',
    2,
  ),
  lang('golang', 'github.com/gin-gonic', 'gin', 'v1.5.0', 'pkg:golang/github.com/gin-gonic/gin@v1.5.0', [], 'usr/local/bin/app', 3),
  lang('golang', 'golang.org/x', 'text', 'v0.3.2', 'pkg:golang/golang.org/x/text@v0.3.2', [], 'usr/local/bin/app', 3),
];

export const UNOWNED_FILES: readonly ImageFile[] = [
  { path: 'usr/local/bin/app', size: 14_811_136, mode: 0o100755, uid: 0, gid: 0, sha256: sha256('go binary'), layerIndex: 3, layerDiffId: LAYERS[3].diffId },
  { path: 'usr/local/bin/entrypoint.sh', size: 412, mode: 0o100755, uid: 0, gid: 0, sha256: sha256('#!/bin/sh\nexec app "$@"\n'), layerIndex: 1, layerDiffId: LAYERS[1].diffId },
  { path: 'opt/venv/bin/python3.8', size: 16_784, mode: 0o100755, uid: 0, gid: 0, sha256: sha256('python'), layerIndex: 2, layerDiffId: LAYERS[2].diffId },
  { path: 'opt/tools/suid helper', size: 8_192, mode: 0o104755, uid: 0, gid: 0, sha256: sha256('suid'), layerIndex: 1, layerDiffId: LAYERS[1].diffId },
];

const NVD = 'nvd';

function alpineFinding(
  pkg: string,
  vulnId: string,
  fixedVersion: string,
  severity: ImageFinding['severity'],
  score: number,
  vector: string,
  title: string,
): ImageFinding {
  const row = APK_PACKAGES.find(([name]) => name === pkg);
  if (!row) throw new Error(`no apk package ${pkg}`);
  return {
    vulnId,
    aliases: [],
    title,
    severity,
    severitySource: 'cvss',
    cvss: [{ type: 'CVSS_V3', vector, score, source: NVD }],
    fixState: 'fixed',
    fixedVersion,
    source: 'osv:Alpine',
    references: [`https://security.alpinelinux.org/vuln/${vulnId}`],
    published: null,
    packageType: 'apk',
    packageName: pkg,
    packageVersion: row[1],
    matchedName: row[2],
    packagePath: 'lib/apk/db/installed',
    layerIndex: 0,
    layerDiffId: ALPINE_DIFF_ID,
    ignored: null,
  };
}

const IGNORE_BUSYBOX = { id: 7, scope: 'this-image' as const, reason: 'busybox gunzip is not reachable in this image', expiresAt: '2026-12-31T00:00:00Z' };

export function alpineFindings(): ImageFinding[] {
  const openssl = (pkg: string): ImageFinding[] => [
    alpineFinding(pkg, 'CVE-2020-1967', '1.1.1g-r0', 'high', 7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 'Segmentation fault in SSL_check_chain'),
    alpineFinding(pkg, 'CVE-2020-1971', '1.1.1i-r0', 'medium', 5.9, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 'EDIPARTYNAME NULL pointer de-reference'),
    alpineFinding(pkg, 'CVE-2021-23840', '1.1.1j-r0', 'high', 7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 'Integer overflow in CipherUpdate'),
    alpineFinding(pkg, 'CVE-2021-3450', '1.1.1k-r0', 'high', 7.4, 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', 'CA certificate check bypass with X509_V_FLAG_X509_STRICT'),
  ];
  const withV2 = (f: ImageFinding): ImageFinding => ({ ...f, cvss: [...f.cvss, { type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:N/I:N/A:P', score: 5, source: NVD }] });
  const busybox = (pkg: string): ImageFinding => ({
    ...alpineFinding(pkg, 'CVE-2021-28831', '1.30.1-r5', 'high', 7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 'Invalid free or segmentation fault via malformed gzip data'),
    ignored: IGNORE_BUSYBOX,
  });
  return [
    alpineFinding('musl', 'CVE-2020-28928', '1.1.22-r4', 'medium', 5.5, 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 'wcsnrtombs mishandles particular combinations of destination buffer size and source character limit'),
    alpineFinding('musl-utils', 'CVE-2020-28928', '1.1.22-r4', 'medium', 5.5, 'CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:N/I:N/A:H', 'wcsnrtombs mishandles particular combinations of destination buffer size and source character limit'),
    busybox('busybox'),
    busybox('ssl_client'),
    ...openssl('libcrypto1.1').map((f, i) => (i === 0 ? withV2(f) : f)),
    ...openssl('libssl1.1').map((f, i) => (i === 0 ? withV2(f) : f)),
    alpineFinding('apk-tools', 'CVE-2021-36159', '2.10.7-r0', 'critical', 9.1, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H', 'libfetch out-of-bounds read in FTP and HTTP protocol handlers'),
    alpineFinding('apk-tools', 'CVE-2021-30139', '2.10.6-r0', 'high', 7.5, 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 'Out-of-bounds read in the tar parser'),
  ];
}

function languageFinding(
  pkg: ImagePackage,
  vulnId: string,
  aliases: string[],
  title: string,
  severity: ImageFinding['severity'],
  cvss: ImageFinding['cvss'],
  fixedVersion: string | null,
  source: string,
  references: string[],
): ImageFinding {
  return {
    vulnId,
    aliases,
    title,
    severity,
    severitySource: cvss.length ? 'cvss' : 'none',
    cvss,
    fixState: fixedVersion ? 'fixed' : 'not-fixed',
    fixedVersion,
    source,
    references,
    published: '2020-03-11T23:23:41Z',
    packageType: pkg.type,
    packageName: pkg.name,
    packageVersion: pkg.version,
    matchedName: pkg.namespace ? `${pkg.namespace}/${pkg.name}` : pkg.name,
    packagePath: pkg.path,
    layerIndex: pkg.layerIndex,
    layerDiffId: pkg.layerDiffId,
    ignored: null,
  };
}

export function languageFindings(): ImageFinding[] {
  const byName = (name: string): ImagePackage => {
    const pkg = LANGUAGE_PACKAGES.find((p) => p.name === name);
    if (!pkg) throw new Error(`no package ${name}`);
    return pkg;
  };
  const ghsa = (id: string): string[] => [`https://github.com/advisories/${id}`];
  return [
    languageFinding(byName('minimist'), 'GHSA-vh95-rmgr-6w4m', ['CVE-2020-7598'], 'Prototype Pollution in minimist', 'medium', [{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L', score: 5.6, source: 'ghsa' }], '1.2.3', 'osv:npm', ghsa('GHSA-vh95-rmgr-6w4m')),
    languageFinding(byName('lodash'), 'GHSA-p6mc-m468-83gw', ['CVE-2020-8203'], 'Prototype Pollution in lodash', 'high', [{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', score: 7.4, source: 'ghsa' }], '4.17.19', 'osv:npm', ghsa('GHSA-p6mc-m468-83gw')),
    // last_affected 4.3.2: no release fixes it
    languageFinding(byName('lodash.set'), 'GHSA-p6mc-m468-83gw', ['CVE-2020-8203'], 'Prototype Pollution in lodash', 'high', [{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H', score: 7.4, source: 'ghsa' }], null, 'osv:npm', ghsa('GHSA-p6mc-m468-83gw')),
    languageFinding(
      byName('pyyaml'),
      'PYSEC-2020-176',
      ['CVE-2019-20477', 'GHSA-3pqx-4fqf-j49f'],
      'PyYAML 5.1 through 5.1.2 has insufficient restrictions on the load and load_all functions because of a class deserialization issue',
      'critical',
      [{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', score: 9.8, source: NVD }],
      '5.2b1',
      'osv:PyPI',
      ['https://github.com/yaml/pyyaml/blob/master/CHANGES', 'https://github.com/advisories/GHSA-3pqx-4fqf-j49f'],
    ),
    languageFinding(byName('gin'), 'GO-2020-0001', ['CVE-2020-36567', 'GHSA-6vm3-jj99-7229'], 'Arbitrary log line injection in github.com/gin-gonic/gin', 'unknown', [], 'v1.6.0', 'osv:Go', ['https://github.com/gin-gonic/gin/pull/2237']),
  ];
}

function counts(findings: readonly ImageFinding[]): ScanReport['counts'] {
  const c = emptyCounts();
  for (const f of findings) if (!f.ignored) c[f.severity] += 1;
  return c;
}

export function alpineAppReport(overrides: Partial<ScanReport> = {}): ScanReport {
  const vulnerabilities = overrides.vulnerabilities ?? [...alpineFindings(), ...languageFindings()];
  const report: ScanReport = {
    schemaVersion: 1,
    tool: { name: 'Vigil', version: '0.1.0' },
    scannedAt: '2026-05-02T08:15:30.123Z',
    image: {
      id: IMAGE_ID,
      name: 'registry.example.com/team/app:1.4.2',
      source: 'registry',
      repoTags: ['registry.example.com/team/app:1.4.2'],
      repoDigests: [`registry.example.com/team/app@${MANIFEST_DIGEST}`],
      platform: 'linux/amd64',
      created: '2026-04-30T12:00:00Z',
      os: { family: 'alpine', version: '3.10.4', codename: null, prettyName: 'Alpine Linux v3.10', source: 'etc/os-release' },
      layers: LAYERS.map((l) => ({ index: l.index, diffId: l.diffId, digest: null, size: null, createdBy: l.createdBy })),
      user: 'app',
      labels: { 'org.opencontainers.image.source': 'https://example.com/team/app' },
    },
    vulnDb: { builtAt: '2026-05-01T03:00:00Z', sources: ['osv:Alpine', 'osv:npm', 'osv:PyPI', 'osv:Go'] },
    packages: [...APK_PACKAGES.map(apk), ...LANGUAGE_PACKAGES],
    unownedFiles: [...UNOWNED_FILES],
    vulnerabilities,
    counts: counts(vulnerabilities),
    scanners: ['vuln'],
    malware: null,
    baseline: null,
    notes: [],
    ...overrides,
  };
  if (overrides.vulnerabilities && !overrides.counts) report.counts = counts(overrides.vulnerabilities);
  return scanReportSchema.parse(report);
}

/** The plain alpine:3.10 archive (docker save): no registry digest, no findings. */
export function plainAlpineReport(): ScanReport {
  return alpineAppReport({
    image: {
      id: 'sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e',
      name: 'alpine:3.10',
      source: 'archive',
      repoTags: ['alpine:3.10'],
      repoDigests: [],
      platform: 'linux/amd64',
      created: '2020-01-23T16:53:06.686519038Z',
      os: { family: 'alpine', version: '3.10.4', codename: null, prettyName: 'Alpine Linux v3.10', source: 'etc/os-release' },
      layers: [{ index: 0, diffId: ALPINE_DIFF_ID, digest: null, size: 5_818_880, createdBy: LAYERS[0].createdBy }],
      user: null,
      labels: {},
    },
    packages: APK_PACKAGES.map(apk),
    unownedFiles: [],
    vulnerabilities: [],
  });
}
