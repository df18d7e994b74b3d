// The UI through `vigil serve` in Debian's Chromium: a 100,000-row table, tasks, roles, and
// the failure modes a user must see explained (damaged database, no container engine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsRepository } from '../../main/core/settings/settings-repository';
import { openStore } from '../../main/core/store/database';
import { TrailRepository, type NewTrailEntry } from '../../main/core/trail/trail-repository';
import { launchChromium } from '../support/browser';
import { startServe, type ServeProcess } from '../support/cli-process';
import { requireBuild, requireChromium } from '../support/environment';

const ready = [requireBuild(), requireChromium()].every((r) => r.available);
const ROWS = 100_000;

function seedTrail(home: string): void {
  const store = openStore(home);
  const repo = new TrailRepository(store.db);
  const batch: NewTrailEntry[] = [];
  for (let i = 0; i < ROWS; i++) {
    batch.push({
      at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      actor: i === 0 ? 'first-ever-actor' : `user${i % 13}`,
      role: 'administrator',
      transport: 'cli',
      operation: i === 0 ? 'seed.oldest' : 'seed.entry',
      writes: 'local',
      input: JSON.stringify({ n: i }),
      outcome: 'ok',
      error: null,
      taskId: null,
    });
    if (batch.length === 5000) repo.appendMany(batch.splice(0));
  }
  store.db.close();
}

describe.skipIf(!ready)('UI end to end', () => {
  let browser: Browser;
  const homes: string[] = [];
  const serves: ServeProcess[] = [];
  const home = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ui-'));
    homes.push(dir);
    return dir;
  };
  const serve = async (args: string[], env: NodeJS.ProcessEnv) => {
    const s = await startServe(args, env);
    serves.push(s);
    return s;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of serves) await s.stop();
    for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
  });

  it('shows a 100,000-row operation trail with only a window of rows in the page, and reaches the last row', async () => {
    const dir = home();
    seedTrail(dir);
    const s = await serve([], { VIGIL_HOME: dir });
    const page = await browser.newPage();
    await page.goto(s.openUrl);
    await page.goto(`${s.url}#/trail`);
    const total = page.getByTestId('table-trail-total');
    await expect.poll(async () => (await total.textContent()) ?? '', { timeout: 20_000 }).toMatch(/100,000/);
    await page.getByTestId('row').first().waitFor();
    expect(await page.getByTestId('row').count()).toBeLessThan(200);
    // Newest first by default: the very first entry ever written is the last row.
    await page.getByTestId('table-trail-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByText('first-ever-actor').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="row"], [data-testid="row-placeholder"]').count()).toBeLessThan(200);
    // Filtering is done by the server.
    await page.getByTestId('table-trail-filter').fill('seed.oldest');
    await expect.poll(async () => (await total.textContent()) ?? '', { timeout: 20_000 }).toMatch(/^1\b/);
    await page.close();
  });

  it('runs a backup as a task with its progress in the task bar, and records it in the trail', async () => {
    const dir = home();
    // No automatic scans in this home: images other test files import meanwhile would fill the
    // task bar's recent list (it keeps the last 20) and push the backup out of it.
    const store = openStore(dir);
    new SettingsRepository(store.db).update({ scanNewImages: false, dailyScanEnabled: false });
    store.db.close();
    const s = await serve([], { VIGIL_HOME: dir });
    const page = await browser.newPage();
    await page.goto(s.openUrl);
    await page.goto(`${s.url}#/settings`);
    const target = path.join(dir, 'copy.db');
    await page.getByTestId('backup-destination').fill(target);
    await page.getByTestId('backup-start').click();
    // Finished tasks fold under "Recent" in the task bar (automatic scans of images other
    // tests create may be listed there too).
    const backupTask = page.locator('[data-testid="task"][data-state="succeeded"]', { hasText: 'Back up the database' });
    await page.getByRole('button', { name: /Recent \(\d+\)/ }).click({ timeout: 20_000 });
    await backupTask.first().waitFor({ timeout: 20_000 });
    expect(fs.existsSync(target)).toBe(true);
    await page.goto(`${s.url}#/trail`);
    await page.getByText('system.backup').first().waitFor({ timeout: 20_000 });
    // A reload still lists the finished task: tasks live in the core, not in the page.
    await page.reload();
    await page.getByRole('button', { name: /Recent \(\d+\)/ }).click({ timeout: 20_000 });
    await backupTask.first().waitFor({ timeout: 20_000 });
    await page.close();
  });

  it('a read-only session shows its role and the server refuses writes whatever the page does', async () => {
    const s = await serve(['--role', 'read-only'], { VIGIL_HOME: home() });
    const page = await browser.newPage();
    await page.goto(s.openUrl);
    await page.getByTestId('read-only-badge').waitFor();
    await page.goto(`${s.url}#/settings`);
    expect(await page.getByTestId('backup-start').isDisabled()).toBe(true);
    const refused = await page.evaluate(async () => {
      const res = await fetch('/api/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: 'settings.update', input: { theme: 'dark' } }) });
      return { status: res.status, body: await res.json() };
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/read-only/);
    await page.close();
  });

  it('explains a damaged database in the UI and leaves the file as it was', async () => {
    const dir = home();
    const file = path.join(dir, 'vigil.db');
    fs.writeFileSync(file, 'definitely not SQLite\n'.repeat(300));
    const before = fs.readFileSync(file);
    const s = await serve([], { VIGIL_HOME: dir });
    const page = await browser.newPage();
    await page.goto(s.openUrl);
    const banner = page.getByTestId('store-error');
    await banner.waitFor({ timeout: 20_000 });
    expect(await banner.textContent()).toMatch(/vigil\.db cannot be read/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    await page.close();
  });

  it('explains a container engine that is not there', async () => {
    const dir = home();
    const socket = path.join(dir, 'missing-docker.sock');
    const s = await serve([], { VIGIL_HOME: dir, DOCKER_HOST: `unix://${socket}` });
    const page = await browser.newPage();
    await page.goto(s.openUrl);
    await page.goto(`${s.url}#/images`);
    const status = page.getByTestId('docker-status');
    await status.waitFor({ timeout: 20_000 });
    expect(await status.getAttribute('data-state')).toBe('not-found');
    expect(await status.textContent()).toContain(socket);
    await page.close();
  });
});
