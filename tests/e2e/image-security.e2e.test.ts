// Image security in the UI through `vigil serve` and Debian's Chromium, over a database seeded
// through the real repository: the Images page with counts by severity, an image's detail
// (layers, packages, vulnerabilities grouped by package, unowned files), ignoring a finding and
// undoing it (counts, the Vulnerabilities page, the trail), server-side filters, a 100,000-finding
// table, the settings for the vulnerability database and scanning, and read-only sessions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageRepository } from '../../main/core/scan/image-repository';
import { openStore } from '../../main/core/store/database';
import type { ImagePackage } from '../../shared/model/package';
import type { ImageFinding, ScanReport } from '../../shared/model/scan-report';
import type { Severity } from '../../shared/model/severity';
import { launchChromium } from '../support/browser';
import { startServe, type ServeProcess } from '../support/cli-process';
import { requireBuild, requireChromium } from '../support/environment';

const ready = [requireBuild(), requireChromium()].every((r) => r.available);

// ---- Seeding: realistic scan reports stored through the real repository ----

const ALPINE_ID = 'sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e';
const ALPINE_LAYER = 'sha256:531743b7098cb2aaf615641007a129173f63ed86ca32fe7b5a246a1c47286028';
const BULK_ID = `sha256:${'b7'.repeat(32)}`;
const BULK_FINDINGS = 100_000;
const LAST_ROW_ID = 'CVE-1999-0001';

// alpine-310.tar.gz's apk database (SOURCES.md §1): name, version, origin, licences.
const alpinePackages: [string, string, string, string[]][] = [
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

// The 20 findings of alpine-310 against vuln-list Alpine 3.10 (SOURCES.md §1), with NVD v3 scores.
const alpineAdvisories: { id: string; packages: string[]; fixed: string; score: number; severity: Severity; title: string }[] = [
  { id: 'CVE-2020-28928', packages: ['musl', 'musl-utils'], fixed: '1.1.22-r4', score: 5.5, severity: 'medium', title: 'wcsnrtombs destination buffer overflow' },
  { id: 'CVE-2021-28831', packages: ['busybox', 'ssl_client'], fixed: '1.30.1-r5', score: 7.5, severity: 'high', title: 'gunzip invalid free on error bit' },
  { id: 'CVE-2020-1967', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1g-r0', score: 7.5, severity: 'high', title: 'Segmentation fault in SSL_check_chain' },
  { id: 'CVE-2020-1971', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1i-r0', score: 5.9, severity: 'medium', title: 'EDIPARTYNAME NULL pointer de-reference' },
  { id: 'CVE-2021-23841', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1j-r0', score: 5.9, severity: 'medium', title: 'Null pointer deref in X509_issuer_and_serial_hash()' },
  { id: 'CVE-2021-23840', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1j-r0', score: 7.5, severity: 'high', title: 'Integer overflow in CipherUpdate' },
  { id: 'CVE-2021-23839', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1j-r0', score: 3.7, severity: 'low', title: 'Incorrect SSLv2 rollback protection' },
  { id: 'CVE-2021-3449', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1k-r0', score: 5.9, severity: 'medium', title: 'NULL pointer deref in signature_algorithms processing' },
  { id: 'CVE-2021-3450', packages: ['libcrypto1.1', 'libssl1.1'], fixed: '1.1.1k-r0', score: 7.4, severity: 'high', title: 'CA certificate check bypass with X509_V_FLAG_X509_STRICT' },
  { id: 'CVE-2021-30139', packages: ['apk-tools'], fixed: '2.10.6-r0', score: 7.5, severity: 'high', title: 'Out-of-bounds read in apk_extract_tar' },
  { id: 'CVE-2021-36159', packages: ['apk-tools'], fixed: '2.10.7-r0', score: 9.1, severity: 'critical', title: 'libfetch out-of-bounds read on FTP/HTTP numeric strings' },
];

function countsOf(findings: readonly ImageFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
  for (const f of findings) if (!f.ignored) counts[f.severity] += 1;
  return counts;
}

function alpineReport(): ScanReport {
  const packages: ImagePackage[] = alpinePackages.map(([name, version, origin, licenses]) => ({
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
    layerDiffId: ALPINE_LAYER,
  }));
  const vulnerabilities: ImageFinding[] = alpineAdvisories.flatMap((a) =>
    a.packages.map((name) => {
      const pkg = packages.find((p) => p.name === name)!;
      return {
        vulnId: a.id,
        aliases: [],
        title: a.title,
        severity: a.severity,
        severitySource: 'cvss' as const,
        cvss: [{ type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', score: a.score, source: 'nvd' }],
        fixState: 'fixed' as const,
        fixedVersion: a.fixed,
        source: 'osv:Alpine',
        references: [`https://security.alpinelinux.org/vuln/${a.id}`, `https://nvd.nist.gov/vuln/detail/${a.id}`],
        published: '2020-04-21T14:15:00Z',
        packageType: 'apk' as const,
        packageName: name,
        packageVersion: pkg.version,
        matchedName: pkg.sourceName!,
        packagePath: pkg.path,
        layerIndex: 0,
        layerDiffId: ALPINE_LAYER,
        ignored: null,
      };
    }),
  );
  return {
    schemaVersion: 1,
    tool: { name: 'vigil', version: '0.1.0' },
    scannedAt: new Date().toISOString(),
    image: {
      id: ALPINE_ID,
      name: 'alpine:3.10',
      source: 'archive',
      repoTags: ['alpine:3.10'],
      repoDigests: [],
      platform: 'linux/amd64',
      created: '2020-01-23T16:53:06.686519038Z',
      os: { family: 'alpine', version: '3.10.4', codename: null, prettyName: 'Alpine Linux v3.10', source: 'etc/os-release' },
      layers: [{ index: 0, diffId: ALPINE_LAYER, digest: null, size: 5_818_880, createdBy: '/bin/sh -c #(nop) ADD file:d48cac34fac385cbc1de6adfdd88300f76c9ffb3a28b7d9cf9ef6bc07b36bba6 in / ' }],
      user: null,
      labels: {},
    },
    vulnDb: { builtAt: '2026-11-01T00:00:00Z', sources: ['osv:Alpine'] },
    packages,
    unownedFiles: [
      { path: 'usr/local/bin/backup-helper', size: 18_432, mode: 0o104755, uid: 0, gid: 0, sha256: 'c0ffee'.padEnd(64, '1'), layerIndex: 0, layerDiffId: ALPINE_LAYER },
      { path: 'opt/app/run.sh', size: 212, mode: 0o100777, uid: 0, gid: 0, sha256: 'facade'.padEnd(64, '2'), layerIndex: 0, layerDiffId: ALPINE_LAYER },
    ],
    vulnerabilities,
    counts: countsOf(vulnerabilities),
    scanners: ['vuln'],
    malware: null,
    baseline: null,
    notes: [],
  };
}

const bulkSeverities: Severity[] = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'];

/** A generated image with 1,000 Debian packages and 100 findings each; the first finding stored is the table's last row. */
function bulkReport(): ScanReport {
  const layer = `sha256:${'4c'.repeat(32)}`;
  const packages: ImagePackage[] = Array.from({ length: 1000 }, (_, i) => ({
    type: 'deb',
    name: `libbulk${i}`,
    version: `1.${i % 7}.${i % 13}-1`,
    sourceName: `bulk${i}`,
    sourceVersion: `1.${i % 7}.${i % 13}-1`,
    namespace: 'debian',
    arch: 'amd64',
    purl: `pkg:deb/debian/libbulk${i}@1.${i % 7}.${i % 13}-1?arch=amd64&distro=debian-12`,
    licenses: ['GPL-2.0-or-later'],
    path: 'var/lib/dpkg/status',
    installedBy: null,
    layerIndex: 0,
    layerDiffId: layer,
  }));
  const vulnerabilities: ImageFinding[] = [];
  for (let n = 0; n < BULK_FINDINGS; n++) {
    const pkg = packages[n % packages.length]!;
    const first = n === 0;
    vulnerabilities.push({
      vulnId: first ? LAST_ROW_ID : `CVE-2024-${String(10_000 + n)}`,
      aliases: [],
      title: first ? 'The last row of the bulk image' : `Generated finding ${n}`,
      severity: first ? 'unknown' : bulkSeverities[n % bulkSeverities.length]!,
      severitySource: 'vendor',
      cvss: [],
      fixState: n % 3 === 0 ? 'not-fixed' : 'fixed',
      fixedVersion: n % 3 === 0 ? null : '9.9.9-1',
      source: 'debian-tracker',
      references: [],
      published: null,
      packageType: 'deb',
      packageName: pkg.name,
      packageVersion: pkg.version,
      matchedName: pkg.sourceName!,
      packagePath: pkg.path,
      layerIndex: 0,
      layerDiffId: layer,
      ignored: null,
    });
  }
  return {
    schemaVersion: 1,
    tool: { name: 'vigil', version: '0.1.0' },
    scannedAt: new Date().toISOString(),
    image: {
      id: BULK_ID,
      name: 'registry.example.com/bulk/generated:1.0',
      source: 'registry',
      repoTags: ['registry.example.com/bulk/generated:1.0'],
      repoDigests: [],
      platform: 'linux/amd64',
      created: '2026-01-01T00:00:00Z',
      os: { family: 'debian', version: '12', codename: 'bookworm', prettyName: 'Debian GNU/Linux 12 (bookworm)', source: 'etc/os-release' },
      layers: [{ index: 0, diffId: layer, digest: null, size: 80_000_000, createdBy: 'RUN apt-get install -y bulk' }],
      user: 'app',
      labels: {},
    },
    vulnDb: null,
    packages,
    unownedFiles: [],
    vulnerabilities,
    counts: countsOf(vulnerabilities),
    scanners: ['vuln'],
    malware: null,
    baseline: null,
    notes: [],
  };
}

function seedImages(home: string, options: { bulk: boolean }): void {
  const store = openStore(home);
  try {
    const images = new ImageRepository(store.db);
    images.saveScan(images.startScan(null, 'manual'), alpineReport(), { kind: 'archive', ref: '/x.tar' }, 2_707_725);
    if (options.bulk) images.saveScan(images.startScan(null, 'manual'), bulkReport(), { kind: 'registry', ref: 'registry.example.com/bulk/generated:1.0' }, 80_000_000);
  } finally {
    store.db.close();
  }
}

// ---- The pages ----

const SLOW = 90_000;

describe.skipIf(!ready)('Image security pages through vigil serve', () => {
  let home: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const extraServes: ServeProcess[] = [];

  /** A fresh load of a page: a hash-only goto would keep the old document and its state. */
  const open = async (hash: string) => {
    await page.goto(`${serve.url}${hash}`);
    await page.reload();
  };
  const total = (table: string) => page.getByTestId(`table-${table}-total`);
  const totalText = async (table: string) => (await total(table).textContent()) ?? '';
  const alpineRow = () => page.locator(`[data-testid="row"][data-row-key="${ALPINE_ID}"]`);
  const count = (scope: ReturnType<Page['locator']>, severity: Severity) => scope.getByTestId(`count-${severity}`).first().getAttribute('data-count');

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-imgsec-'));
    seedImages(home, { bulk: true });
    // No engine: the page must list stored images on their own (and say why Docker is missing).
    serve = await startServe([], { VIGIL_HOME: home, DOCKER_HOST: `unix://${path.join(home, 'no-docker.sock')}` });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(serve.openUrl);
    // The page takes the token out of the address once it runs; navigate only after that.
    await page.waitForFunction(() => !window.location.search.includes('token='));
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of extraServes) await s.stop();
    await serve?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists the stored image with its last scan and counts by severity, next to the Docker status', async () => {
    await open('#/images');
    await page.getByTestId('docker-status').waitFor({ timeout: 20_000 });
    const row = alpineRow();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/alpine:3\.10.*Tarball.*alpine 3\.10\.4/);
    expect(await count(row, 'critical')).toBe('1');
    expect(await count(row, 'high')).toBe('9');
    expect(await count(row, 'medium')).toBe('8');
    expect(await count(row, 'low')).toBe('2');
    expect(await count(row, 'unknown')).toBe('0');
    const bulk = page.locator(`[data-testid="row"][data-row-key="${BULK_ID}"]`);
    expect(await count(bulk, 'critical')).toBe('16666');
    expect(await totalText('images')).toMatch(/^2 rows/);
  }, SLOW);

  it('shows findings by severity across images and the worst images on the dashboard', async () => {
    await open('#/dashboard');
    const critical = page.getByTestId('total-critical');
    await critical.waitFor({ timeout: 20_000 });
    expect(await critical.getAttribute('data-count')).toBe('16667');
    expect(await page.getByTestId('total-high').getAttribute('data-count')).toBe(String(16_667 + 9));
    const worst = page.getByTestId('worst-image');
    expect(await worst.count()).toBe(2);
    expect(await worst.first().textContent()).toContain('bulk/generated');
    expect(await worst.nth(1).textContent()).toContain('alpine:3.10');
  }, SLOW);

  it('opens the image: facts, scans, vulnerabilities grouped by package, layers, packages, files, export', async () => {
    await open('#/images');
    await alpineRow().getByTestId('image-link').click();
    await page.getByTestId('image-detail').waitFor({ timeout: 20_000 });
    expect(page.url()).toContain(`#/images/${encodeURIComponent(ALPINE_ID)}`);
    expect(await page.getByTestId('image-name').textContent()).toBe('alpine:3.10');
    expect(await page.getByTestId('image-id').textContent()).toBe(ALPINE_ID);
    const facts = (await page.getByTestId('image-facts').textContent()) ?? '';
    expect(facts).toContain('Alpine Linux v3.10');
    expect(facts).toContain('linux/amd64');
    expect(facts).toContain('runs as root');
    expect(await page.getByTestId('scan-history-row').count()).toBe(1);

    // Vulnerabilities, grouped by package, worst first, with the version that fixes them all.
    await expect.poll(async () => (await page.getByTestId('grouped-total').textContent()) ?? '', { timeout: 20_000 }).toMatch(/^20 findings in 7 packages/);
    const groups = page.getByTestId('package-group');
    expect(await groups.first().getAttribute('data-package')).toBe('apk-tools');
    expect(await groups.first().getByTestId('group-fix').textContent()).toContain('2.10.7-r0');
    const crypto = page.locator('[data-testid="package-group"][data-package="libcrypto1.1"]');
    expect(await crypto.getByTestId('group-fix').textContent()).toContain('1.1.1k-r0');
    expect(await crypto.textContent()).toContain('7 findings');
    const first = page.locator('[data-testid="finding-row"][data-vuln-id="CVE-2020-1967"]').first();
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('7.5');
    expect(text).toContain('1.1.1g-r0');
    expect(text).toContain('Segmentation fault in SSL_check_chain');
    expect(await first.getByTestId('vuln-id').getAttribute('href')).toBe('https://security.alpinelinux.org/vuln/CVE-2020-1967');
    // The list is virtualized: the last group appears once scrolled to.
    await page.getByTestId('grouped-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.locator('[data-testid="package-group"][data-package="musl-utils"], [data-testid="package-group"][data-package="musl"]').first().waitFor({ timeout: 10_000 });

    await page.getByTestId('tab-layers').click();
    expect(await page.getByTestId('layer-row').count()).toBe(1);
    expect(await page.getByTestId('layer-row').textContent()).toContain('ADD file:d48cac34');

    await page.getByTestId('tab-packages').click();
    await expect.poll(() => totalText('packages'), { timeout: 20_000 }).toMatch(/^14 rows/);
    await page.getByTestId('table-packages-filter').fill('libssl');
    await expect.poll(() => totalText('packages'), { timeout: 20_000 }).toMatch(/^1 row/);
    const pkg = (await page.getByTestId('row').first().textContent()) ?? '';
    expect(pkg).toContain('1.1.1d-r2');
    expect(pkg).toContain('openssl');
    expect(pkg).toContain('OpenSSL');
    expect(pkg).toContain('lib/apk/db/installed');

    await page.getByTestId('tab-files').click();
    await expect.poll(() => totalText('files'), { timeout: 20_000 }).toMatch(/^2 rows/);
    const modes = await page.getByTestId('file-mode').allTextContents();
    expect(modes.some((m) => m.startsWith('-rwsr-xr-x') && m.includes('setuid'))).toBe(true);
    expect(modes.some((m) => m.startsWith('-rwxrwxrwx') && m.includes('world-writable'))).toBe(true);

    // Export: a download named by the core, or (while export is not built) its error, said plainly.
    await page.getByTestId('export-menu').locator('summary').click();
    const download = page.waitForEvent('download', { timeout: 20_000 }).then((d) => ({ file: d.suggestedFilename() }));
    const failure = page.getByTestId('export-menu').getByTestId('error-message').waitFor({ timeout: 20_000 }).then(() => ({ file: null }));
    await page.getByTestId('export-json').click();
    const outcome = await Promise.race([download, failure]);
    if (outcome.file === null) expect(await page.getByTestId('export-menu').getByTestId('error-message').textContent()).toMatch(/\S+.*\S/);
    else expect(outcome.file).toMatch(/\.json$/);
  }, SLOW);

  it('ignoring a finding for this image hides it and lowers the count; Undo brings it back; the trail records both', async () => {
    await open(`#/images/${encodeURIComponent(ALPINE_ID)}`);
    const header = page.getByTestId('image-counts');
    await header.waitFor({ timeout: 20_000 });
    expect(await count(header, 'high')).toBe('9');
    await page.locator('[data-testid="finding-row"][data-vuln-id="CVE-2020-1967"]').first().getByTestId('ignore-open').click();
    const dialog = page.getByTestId('ignore-dialog');
    await dialog.waitFor();
    expect(await page.getByTestId('ignore-scope-image').isChecked()).toBe(true);
    expect(await page.getByTestId('ignore-save').isDisabled()).toBe(true); // a reason is required
    await page.getByTestId('ignore-reason').fill('SSL_check_chain is not reachable: TLS ends at the proxy');
    await page.getByTestId('ignore-save').click();
    await dialog.waitFor({ state: 'detached' });
    // Both packages built from openssl carry it; both are marked, and the image counts 2 high fewer.
    await expect.poll(() => count(header, 'high'), { timeout: 20_000 }).toBe('7');
    const ignored = page.locator('[data-testid="finding-row"][data-vuln-id="CVE-2020-1967"][data-ignored="true"]');
    await ignored.first().waitFor({ timeout: 20_000 });
    expect(await ignored.first().getByTestId('ignored-marker').textContent()).toContain('TLS ends at the proxy');

    // The default Vulnerabilities list no longer has it; "Include ignored" shows it, marked.
    await open('#/vulnerabilities');
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^100,018 rows/);
    await page.getByTestId('table-vulnerabilities-filter').fill('CVE-2020-1967');
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^0 rows/);
    await page.getByTestId('filter-ignored').check();
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^2 rows/);
    expect(await page.getByTestId('ignored-marker').count()).toBe(2);
    await page.getByTestId('toggle-ignore-rules').click();
    const rule = page.locator('[data-testid="ignore-rule"][data-vuln-id="CVE-2020-1967"]');
    await rule.waitFor({ timeout: 20_000 });
    expect(await rule.getAttribute('data-active')).toBe('true');
    expect(await rule.textContent()).toContain('alpine:3.10');

    await open('#/images');
    await alpineRow().waitFor({ timeout: 20_000 });
    expect(await count(alpineRow(), 'high')).toBe('7');

    // Undo, from the Vulnerabilities page.
    await open('#/vulnerabilities?ignored=1');
    await page.getByTestId('table-vulnerabilities-filter').fill('CVE-2020-1967');
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^2 rows/);
    await page.getByTestId('ignore-undo').first().click();
    await expect.poll(() => page.getByTestId('ignored-marker').count(), { timeout: 20_000 }).toBe(0);
    await page.getByTestId('filter-ignored').uncheck();
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^2 rows/);

    await open('#/images');
    await alpineRow().waitFor({ timeout: 20_000 });
    expect(await count(alpineRow(), 'high')).toBe('9');

    await open('#/trail');
    await page.getByTestId('table-trail-filter').fill('ignores.');
    await expect.poll(async () => (await page.getByTestId('row').allTextContents()).join('\n'), { timeout: 20_000 }).toMatch(/ignores\.remove[\s\S]*ignores\.add/);
  }, SLOW);

  it('filters the Vulnerabilities page by image and severity on the server', async () => {
    await open('#/vulnerabilities');
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^100,020 rows/);
    await page.getByTestId('filter-image').selectOption(ALPINE_ID);
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^20 rows/);
    await page.getByTestId('filter-severity').locator('summary').click();
    await page.getByTestId('filter-severity-critical').check();
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^1 row\b/);
    expect(await page.getByTestId('row').first().textContent()).toContain('CVE-2021-36159');
    await page.getByTestId('filter-severity-high').check();
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^10 rows/);
    const shown = await page.getByTestId('row').getByTestId('severity').evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-severity')))].sort());
    expect(shown).toEqual(['critical', 'high']);
    // The filters are in the address, so a reload (or a link) keeps them.
    expect(decodeURIComponent(page.url())).toContain('severity=critical,high');
    await page.reload();
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 20_000 }).toMatch(/^10 rows/);
    // Sorting by CVSS, highest first.
    await page.getByTestId('sort-cvss').click();
    await page.getByTestId('sort-cvss').click();
    await expect.poll(async () => (await page.getByTestId('row').first().textContent()) ?? '', { timeout: 20_000 }).toContain('9.1');
  }, SLOW);

  it('pages through 100,000 findings with only a window of rows in the page, to the last row', async () => {
    await open(`#/vulnerabilities?image=${encodeURIComponent(BULK_ID)}`);
    await expect.poll(() => totalText('vulnerabilities'), { timeout: 30_000 }).toMatch(/^100,000 rows/);
    await page.getByTestId('row').first().waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('row').count()).toBeLessThan(200);
    // Severity, highest first: the first finding stored (unknown, lowest id) is the very last row.
    await page.getByTestId('table-vulnerabilities-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByText(LAST_ROW_ID, { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="row"], [data-testid="row-placeholder"]').count()).toBeLessThan(200);

    // The image's grouped view loads a bounded number of findings and says so.
    await open(`#/images/${encodeURIComponent(BULK_ID)}`);
    const truncated = page.getByTestId('grouped-truncated');
    await truncated.waitFor({ timeout: 60_000 });
    expect(await truncated.textContent()).toMatch(/first 5,000 of 100,000 findings/);
  }, 150_000);

  it('settings: the vulnerability database (or why it is not there), advisory import, and the scan schedule', async () => {
    await open('#/settings');
    const vulndb = page.getByTestId('vulndb');
    await vulndb.locator('[data-testid="vulndb-facts"], [data-testid="error-message"]').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('vulndb-sha256').fill('not-a-digest');
    expect(await page.getByTestId('vulndb-import-start').isDisabled()).toBe(true);
    await page.getByTestId('vulndb-sha256').fill('');
    await page.getByTestId('vulndb-paths').fill(path.join(home, 'no-such-advisories'));
    await page.getByTestId('vulndb-import-start').click();
    // The import cannot succeed (no such folder, or not built yet): the form says so.
    await page.locator('[data-testid="vulndb-import"] [data-testid="error-message"], [data-testid="vulndb-import-state"][data-state="failed"]').first().waitFor({ timeout: 20_000 });

    expect(await page.getByTestId('daily-scan-enabled').isChecked()).toBe(true);
    await page.getByTestId('daily-scan-hour').selectOption('5');
    await page.getByTestId('scan-new-images').uncheck();
    await expect.poll(() => page.getByTestId('scan-new-images').isDisabled(), { timeout: 10_000 }).toBe(false);
    await page.reload();
    await expect.poll(() => page.getByTestId('daily-scan-hour').inputValue(), { timeout: 20_000 }).toBe('5');
    expect(await page.getByTestId('scan-new-images').isChecked()).toBe(false);
  }, SLOW);

  it('a scan that cannot run says why, in the row and in a notification', async () => {
    await open('#/images');
    await alpineRow().getByTestId('scan-row').click();
    // /x.tar does not exist (and, until the pipeline lands, scanning answers "not built yet").
    const toast = page.getByTestId('toast-error').first();
    await toast.waitFor({ timeout: 30_000 });
    const said = (await toast.textContent()) ?? '';
    expect(said).toMatch(/\w+: \S/); // "code: message"
    if (!said.includes('Could not start')) {
      // The task started and failed: its row says why.
      const failed = alpineRow().getByTestId('scan-failed');
      await failed.waitFor({ timeout: 30_000 });
      expect(((await failed.textContent()) ?? '').length).toBeGreaterThan(3);
    }
  }, SLOW);

  it('a read-only session sees every writing action disabled', async () => {
    const ro = await startServe(['--role', 'read-only'], { VIGIL_HOME: home, DOCKER_HOST: `unix://${path.join(home, 'no-docker.sock')}` });
    extraServes.push(ro);
    const roPage = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await roPage.goto(ro.openUrl);
    await roPage.waitForFunction(() => !window.location.search.includes('token='));
    await roPage.goto(`${ro.url}#/images`);
    await roPage.getByTestId('read-only-badge').waitFor({ timeout: 20_000 });
    const row = roPage.locator(`[data-testid="row"][data-row-key="${ALPINE_ID}"]`);
    await row.waitFor({ timeout: 20_000 });
    expect(await roPage.getByTestId('scan-open').isDisabled()).toBe(true);
    expect(await row.getByTestId('scan-row').isDisabled()).toBe(true);
    await row.getByTestId('image-link').click();
    const ignore = roPage.locator('[data-testid="finding-row"] [data-testid="ignore-open"]').first();
    await ignore.waitFor({ timeout: 20_000 });
    expect(await ignore.isDisabled()).toBe(true);
    await roPage.goto(`${ro.url}#/settings`);
    await roPage.reload();
    await roPage.getByTestId('daily-scan-enabled').waitFor({ timeout: 20_000 });
    expect(await roPage.getByTestId('daily-scan-enabled').isDisabled()).toBe(true);
    expect(await roPage.getByTestId('vulndb-import-start').isDisabled()).toBe(true);
    await roPage.close();
  }, SLOW);
});
