// Issue 5 end to end: images built on the real Docker engine with one of every malware, baseline
// and secrets issue, and a clean twin; the real clamd (Vigil's own, over a signature set imported
// with `vigil malware import`), the default YARA pack and hash list; `vigil scan` with
// --scanners, --fail-on, JSON and SARIF; the image detail's Malware and Baseline tabs in Chromium.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanReport } from '../../shared/model/scan-report';
import { launchChromium } from '../support/browser';
import { runVigil, startServe, type ServeProcess } from '../support/cli-process';
import { removeImage, uniqueTag } from '../support/docker-images';
import { requireBuild, requireChromium, requireClamd, requireDocker } from '../support/environment';
import { buildImage, cleanRootfs, EICAR, importRootfs, riskyRootfs } from '../support/security-images';

const ready = [requireBuild(), requireDocker(), requireClamd(), requireChromium()].every((r) => r.available);
const ALL = 'vuln,malware,baseline,secrets';

describe.skipIf(!ready)('malware, baseline and secrets on real images', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  const risky = uniqueTag('risky');
  const cleanBase = uniqueTag('clean-base');
  const clean = uniqueTag('clean');
  let riskyReport: ScanReport;

  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-checks-'));
    env = { VIGIL_HOME: home };
    importRootfs(risky, riskyRootfs(), ['ENV DB_PASSWORD=Sup3rS3cretValue!', 'CMD ["/bin/sh"]']);
    importRootfs(cleanBase, cleanRootfs());
    buildImage(clean, `FROM ${cleanBase}\nUSER app\nHEALTHCHECK CMD ["/bin/true"]\nCMD ["/bin/sh"]\n`);
    // ClamAV signatures written by the test: EICAR by its MD5 (.hdb).
    const sigs = path.join(home, 'sigs');
    fs.mkdirSync(sigs);
    fs.writeFileSync(path.join(sigs, 'vigil-test.hdb'), `${createHash('md5').update(EICAR).digest('hex')}:${EICAR.length}:Vigil.Test.EICAR-HDB\n`);
    const imported = runVigil(['malware', 'import', path.join(sigs, 'vigil-test.hdb'), '--json'], env, 180_000);
    expect(imported.code, imported.stderr).toBe(0);
  }, 300_000);

  afterAll(() => {
    for (const tag of [risky, clean, cleanBase]) removeImage(tag);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('vigil malware status shows the imported ClamAV set and the default YARA pack; a corrupt file is refused with its line', () => {
    const status = runVigil(['malware', 'status', '--json'], env, 180_000);
    expect(status.code, status.stderr).toBe(0);
    const state = JSON.parse(status.stdout) as { engines: { engine: string; available: boolean; signatures: number }[]; files: { name: string }[] };
    expect(state.engines.find((e) => e.engine === 'clamav')).toMatchObject({ available: true, signatures: 1 });
    expect(state.engines.find((e) => e.engine === 'yara')?.available).toBe(true);
    expect(state.files.map((f) => f.name)).toContain('vigil-test.hdb');

    const bad = path.join(home, 'sigs', 'broken.hdb');
    fs.writeFileSync(bad, '44d88612fea8a8f36de82e1278abb02f:68:Fine.Sig\nnot-a-hash-line\n');
    const refused = runVigil(['malware', 'import', bad], env, 180_000);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/broken\.hdb/);
    expect(refused.stderr).toMatch(/line 2/);
    const after = JSON.parse(runVigil(['malware', 'status', '--json'], env, 180_000).stdout) as typeof state;
    expect(after.engines.find((e) => e.engine === 'clamav')?.signatures).toBe(1);
    expect(after.files.map((f) => f.name)).not.toContain('broken.hdb');
  }, 300_000);

  it('finds every planted issue in the risky image, classified, with its layer, and fails --fail-on high', () => {
    const result = runVigil(['scan', risky, '--format', 'json', '--scanners', ALL, '--fail-on', 'high', '--quiet'], env, 300_000);
    expect(result.code, result.stderr).toBe(1);
    riskyReport = JSON.parse(result.stdout) as ScanReport;
    expect(riskyReport.scanners).toEqual(['vuln', 'malware', 'baseline', 'secrets']);
    const hits = riskyReport.malware!.findings.map((f) => `${f.engine}:${f.category}:${f.path}`);
    expect(hits).toContain('clamav:unknown:tmp/eicar.com');
    expect(hits).toContain('hash:unknown:tmp/eicar.com');
    expect(hits.some((h) => h.startsWith('yara:webshell:var/www/html/upload.php'))).toBe(true);
    expect(hits.some((h) => h.startsWith('yara:miner:opt/miner/config.json'))).toBe(true);
    for (const f of riskyReport.malware!.findings) {
      expect(f.sha256).toMatch(/^[a-f0-9]{64}$/);
      expect(f.layerIndex).toBe(0);
    }
    const failed = riskyReport.baseline!.filter((r) => r.status === 'failed').map((r) => r.id);
    for (const id of [
      'IMG-USER-ROOT', 'IMG-HEALTHCHECK', 'IMG-SECRET-ENV', 'IMG-SECRET-PRIVATE-KEY', 'IMG-SECRET-CLOUD-KEY', 'IMG-SUID', 'IMG-WORLD-WRITABLE',
      'IMG-SHADOW-EMPTY', 'IMG-SHADOW-WEAK', 'IMG-PASSWD-UID0', 'IMG-PASSWD-DUP-UID', 'IMG-SSH-ROOT-LOGIN', 'IMG-SSH-PASSWORD-AUTH', 'IMG-PKG-CACHE',
    ]) {
      expect(failed, id).toContain(id);
    }
    // Evidence is redacted: no planted secret appears anywhere in the report.
    for (const secret of ['Sup3rS3cretValue!', '9drTJvcXLB89pQr2wJalrXUtnFEMI/K7MDENGbPx', 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ']) expect(result.stdout).not.toContain(secret);
  }, 300_000);

  it('the clean twin has no malware and passes every evaluated baseline item (exit 0 even with --fail-on low)', () => {
    const result = runVigil(['scan', clean, '--format', 'json', '--scanners', ALL, '--fail-on', 'low', '--quiet'], env, 300_000);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as ScanReport;
    expect(report.malware!.findings).toEqual([]);
    expect(report.malware!.filesScanned).toBeGreaterThan(5);
    expect(report.baseline!.filter((r) => r.status === 'failed')).toEqual([]);
  }, 300_000);

  it('SARIF carries malware, baseline and secrets results; --scanners limits what runs', () => {
    const sarif = runVigil(['scan', risky, '--format', 'sarif', '--scanners', ALL, '--quiet'], env, 300_000);
    expect(sarif.code, sarif.stderr).toBe(0);
    const run = (JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation?: { artifactLocation: { uri: string } } }[] }[] }[] }).runs[0]!;
    const ruleIds = run.results.map((r) => r.ruleId);
    expect(ruleIds.some((id) => id.startsWith('malware/clamav/'))).toBe(true);
    expect(ruleIds).toContain('baseline/IMG-SHADOW-WEAK');
    expect(ruleIds).toContain('secrets/IMG-SECRET-PRIVATE-KEY');
    expect(run.results.find((r) => r.ruleId === 'baseline/IMG-SHADOW-WEAK')?.locations[0]?.physicalLocation?.artifactLocation.uri).toBe('etc/shadow');

    const onlyVuln = JSON.parse(runVigil(['scan', risky, '--format', 'json', '--scanners', 'vuln', '--quiet'], env, 300_000).stdout) as ScanReport;
    expect([onlyVuln.malware, onlyVuln.baseline]).toEqual([null, null]);
    const bad = runVigil(['scan', risky, '--scanners', 'vuln,virus'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scanners: unknown scanner "virus"/);
  }, 300_000);

  describe('in the browser', () => {
    let serve: ServeProcess;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      // The last scan is what the detail shows: make it a full one again (the vuln-only scan above replaced it).
      expect(runVigil(['scan', risky, '--format', 'json', '--scanners', ALL, '--quiet'], env, 300_000).code).toBe(0);
      serve = await startServe([], env);
      browser = await launchChromium();
      page = await browser.newPage();
      page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
      await page.goto(serve.openUrl);
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await serve?.stop();
    });

    it('the image detail shows the malware findings with engine and layer, and the failed baseline items with their fix', async () => {
      // The Images list counts them first.
      await page.goto(`${serve.url}#/images`);
      const malwareCell = page.locator(`[data-row-key="${riskyReport.image.id}"] [data-testid="security-malware"]`);
      await malwareCell.waitFor({ timeout: 20_000 });
      expect(Number(await malwareCell.getAttribute('data-count'))).toBe(riskyReport.malware!.findings.length);
      await page.goto(`${serve.url}#/images/${encodeURIComponent(riskyReport.image.id)}`);
      await page.getByTestId('tab-malware').click();
      await page.getByTestId('malware-row').first().waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('malware-row').count()).toBe(riskyReport.malware!.findings.length);
      expect(await page.getByTestId('malware-findings').innerText()).toContain('tmp/eicar.com');
      expect(await page.getByTestId('engine-clamav').getAttribute('data-available')).toBe('true');

      await page.getByTestId('tab-baseline').click();
      const weak = page.locator('[data-testid="baseline-item"][data-item="IMG-SHADOW-WEAK"]');
      await weak.waitFor({ timeout: 20_000 });
      expect(await weak.getAttribute('data-status')).toBe('failed');
      expect(await weak.innerText()).toMatch(/Fix:/);
      expect(Number(await page.getByTestId('baseline-failed').innerText())).toBe(riskyReport.baseline!.filter((r) => r.status === 'failed').length);
    }, 60_000);

    it('the dashboard counts the malicious files and the images failing baseline items', async () => {
      await page.goto(`${serve.url}#/`);
      const files = page.getByTestId('malware-files');
      await files.waitFor({ timeout: 20_000 });
      expect(Number(await files.getAttribute('data-count'))).toBe(riskyReport.malware!.findings.length);
      expect(Number(await page.getByTestId('baseline-images').getAttribute('data-count'))).toBeGreaterThanOrEqual(1);
    }, 60_000);

    it('Settings shows the engines and imported files, and refuses a corrupt rule file with its line, keeping the old set', async () => {
      await page.goto(`${serve.url}#/settings`);
      const clamav = page.getByTestId('malware-engine-clamav');
      await clamav.waitFor({ timeout: 60_000 });
      expect(await clamav.getAttribute('data-available')).toBe('true');
      expect(await page.getByTestId('malware-files').innerText()).toContain('vigil-test.hdb');
      const bad = path.join(home, 'sigs', 'broken-rule.yar');
      fs.writeFileSync(bad, 'rule ok { condition: true }\nrule broken {\n  strings: $a = "x"\n  condition: $b\n}\n');
      await page.getByTestId('malware-paths').fill(bad);
      await page.getByTestId('malware-import-start').click();
      const state = page.locator('[data-testid="malware-import-state"][data-state="failed"]');
      await state.waitFor({ timeout: 60_000 });
      expect(await state.innerText()).toMatch(/broken-rule\.yar.*line 4/);
      expect(await page.getByTestId('malware-files').innerText()).not.toContain('broken-rule.yar');
    }, 120_000);
  });
});
