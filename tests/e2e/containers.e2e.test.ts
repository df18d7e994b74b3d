// End to end: `vigil serve` + the real Docker engine + Debian's Chromium. A container started
// with the host's PID namespace shows a failed check on the Containers page and in its detail;
// a block list entry saved in the UI fails the plain container too; the Docker host page lists
// the daemon checks.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasGo, importIdleImage } from '../../main/core/containers/idle-image.testkit';
import { launchChromium } from '../support/browser';
import { startServe, type ServeProcess } from '../support/cli-process';
import { removeImage, uniqueTag } from '../support/docker-images';
import { requireBuild, requireChromium, requireDocker, strict } from '../support/environment';

const base = [requireBuild(), requireDocker(), requireChromium()].every((r) => r.available);
if (base && !hasGo()) {
  if (strict) throw new Error('Go toolchain (golang-go): missing — required in CI to build the test image, so this is a failure, not a skip');
  console.warn('[skip] Go toolchain: missing (apt-get install golang-go)');
}
const ready = base && hasGo();

describe.skipIf(!ready)('Containers page: environment checks', () => {
  const image = uniqueTag('idle-ui');
  const run = Date.now().toString(36);
  const risky = `vigil-ui-pidhost-${run}`;
  const plain = `vigil-ui-plain-${run}`;
  let home: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;

  const startContainer = (name: string, args: string[]) =>
    execFileSync('docker', ['run', '-d', '--name', name, '--label', 'vigil-test=containers-e2e', '--network', 'none', '--security-opt', 'no-new-privileges', ...args, image], { encoding: 'utf8' }).trim();
  const row = (name: string) => page.getByTestId('row').filter({ hasText: name });

  beforeAll(async () => {
    importIdleImage(image);
    startContainer(risky, ['--pid', 'host']);
    startContainer(plain, ['--cap-drop', 'ALL']);
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-containers-'));
    serve = await startServe([], { VIGIL_HOME: home });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    await page.goto(serve.openUrl);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    spawnSync('docker', ['rm', '-f', risky, plain], { stdio: 'pipe' });
    removeImage(image);
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  it('shows the failed check count of a container sharing the host PID namespace, and its results', async () => {
    await page.goto(`${serve.url}#/containers`);
    const cell = row(risky).getByTestId('container-checks');
    await cell.waitFor({ timeout: 30_000 });
    expect(await cell.getAttribute('data-failed')).toBe('1');
    expect(await cell.getAttribute('data-severity')).toBe('high');
    expect(await row(plain).getByTestId('container-checks').getAttribute('data-failed')).toBe('0');

    await cell.click();
    const failed = page.locator('[data-testid="check-result"][data-check="host-pid"]');
    await failed.waitFor({ timeout: 20_000 });
    expect(await failed.getAttribute('data-status')).toBe('failed');
    const text = (await failed.textContent()) ?? '';
    expect(text).toContain('容器命名空间');
    expect(text).toContain('5.16');
    expect(text).toContain('pid: host');
    // Every check is listed, the others passed.
    expect(await page.getByTestId('check-result').count()).toBe(10);
    expect(await page.locator('[data-testid="check-result"][data-status="failed"]').count()).toBe(1);
  });

  it('a block list entry saved in the UI fails the plain container and is in the operation trail', async () => {
    await page.goto(`${serve.url}#/containers`);
    await page.getByTestId('check-settings-open').click();
    const blocked = page.getByTestId('blocked-images');
    await expect.poll(() => blocked.isEnabled(), { timeout: 20_000 }).toBe(true);
    await blocked.fill(`${image.split(':')[0]}\n`);
    await page.getByTestId('check-settings-save').click();
    await page.getByTestId('check-settings').waitFor({ state: 'detached', timeout: 20_000 });
    const cell = row(plain).getByTestId('container-checks');
    await expect.poll(async () => cell.getAttribute('data-failed'), { timeout: 20_000 }).toBe('1');
    await cell.click();
    const block = page.locator('[data-testid="check-result"][data-check="image-block-list"]');
    await block.waitFor({ timeout: 20_000 });
    expect(await block.getAttribute('data-status')).toBe('failed');
    expect(await block.textContent()).toContain('容器镜像阻断');

    await page.goto(`${serve.url}#/trail`);
    await page.getByText('containers.checkSettings.set').first().waitFor({ timeout: 20_000 });
  });

  it('lists the Docker host checks, each evaluated or with its reason', async () => {
    await page.goto(`${serve.url}#/docker-host`);
    await page.getByTestId('host-checks').waitFor({ timeout: 20_000 });
    const liveRestore = page.locator('[data-testid="host-check"][data-check="daemon-live-restore"]');
    expect(await liveRestore.getAttribute('data-status')).toMatch(/^evaluated-/);
    expect(await liveRestore.textContent()).toContain('2.15');
    const trust = page.locator('[data-testid="host-check"][data-check="client-content-trust"]');
    expect(await trust.textContent()).toMatch(/DOCKER_CONTENT_TRUST/);
  });
});
