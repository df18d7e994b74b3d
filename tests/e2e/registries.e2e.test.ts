// Saved registry credentials through `vigil serve` in Debian's Chromium: choose a passphrase,
// add a registry, see it listed (never its password, which is not in the database file either),
// unlock again after a restart, and remove it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startServe, type ServeProcess } from '../support/cli-process';
import { requireBuild, requireChromium } from '../support/environment';

const ready = [requireBuild(), requireChromium()].every((r) => r.available);
const PASSWORD = 'E2e-Registry-P4ssword-Plain';
const PASSPHRASE = 'a long enough passphrase';

/** Every byte in the data directory: the database, its WAL and shared memory. */
function bytesOnDisk(dir: string): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((name) => fs.statSync(path.join(dir, name)).isFile())
      .map((name) => fs.readFileSync(path.join(dir, name))),
  );
}

describe.skipIf(!ready)('registries in Settings, end to end', () => {
  let browser: Browser;
  let home: string;
  const serves: ServeProcess[] = [];

  const openSettings = async (s: ServeProcess): Promise<Page> => {
    const page = await browser.newPage();
    await page.goto(s.openUrl);
    await page.goto(`${s.url}#/settings`);
    await page.getByTestId('registries-box-state').waitFor({ timeout: 20_000 });
    return page;
  };

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-registries-e2e-'));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    for (const s of serves) await s.stop();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('chooses a passphrase, adds a registry, unlocks it after a restart, and removes it', async () => {
    const first = await startServe([], { VIGIL_HOME: home, VIGIL_SECRETS_PASSPHRASE: '' });
    serves.push(first);
    let page = await openSettings(first);
    const state = page.getByTestId('registries-box-state');
    expect(await state.textContent()).toBe('no passphrase yet');
    expect(await page.getByTestId('registry-save').isDisabled()).toBe(true);
    expect(await page.getByTestId('registries-add-blocked').textContent()).toMatch(/Choose a passphrase first/);
    await page.getByTestId('registries-empty').waitFor();

    await page.getByTestId('registries-passphrase').fill(PASSPHRASE);
    await page.getByTestId('registries-passphrase-confirm').fill(PASSPHRASE);
    await page.getByTestId('registries-unlock-submit').click();
    await expect.poll(async () => state.textContent(), { timeout: 20_000 }).toBe('ready');

    await page.getByTestId('registry-host').fill('https://LocalHost:5000/v2/');
    await page.getByTestId('registry-username').fill('ci-bot');
    await page.getByTestId('registry-password').fill(PASSWORD);
    await page.getByTestId('registry-insecure').check();
    await page.getByTestId('registry-save').click();
    const row = page.locator('[data-testid="registry-row"][data-host="localhost:5000"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/ci-bot.*insecure allowed/);
    expect(await page.getByTestId('registry-password').inputValue()).toBe(''); // cleared once saved

    // Nothing the page received, and nothing on disk (WAL included), holds the password.
    const listed = await page.evaluate(async () => {
      const res = await fetch('/api/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: 'registries.list', input: {} }) });
      return { body: await res.text() };
    });
    expect(listed.body).toContain('localhost:5000');
    expect(listed.body).not.toContain(PASSWORD);
    expect(await page.content()).not.toContain(PASSWORD);
    expect(bytesOnDisk(home).includes(Buffer.from(PASSWORD))).toBe(false);
    expect(bytesOnDisk(home).includes(Buffer.from('localhost:5000'))).toBe(true);
    await page.close();
    await first.stop();

    // A new process knows the row but not the key: locked until the passphrase is given again.
    const second = await startServe([], { VIGIL_HOME: home, VIGIL_SECRETS_PASSPHRASE: '' });
    serves.push(second);
    page = await openSettings(second);
    expect(await page.getByTestId('registries-box-state').textContent()).toBe('locked');
    await page.locator('[data-testid="registry-row"][data-host="localhost:5000"]').waitFor();
    await page.getByTestId('registries-passphrase').fill('not the passphrase');
    await page.getByTestId('registries-unlock-submit').click();
    await page.getByTestId('registries-unlock').getByTestId('error-message').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('registries-unlock').getByTestId('error-message').textContent()).toMatch(/wrong passphrase/);
    await page.getByTestId('registries-passphrase').fill(PASSPHRASE);
    await page.getByTestId('registries-unlock-submit').click();
    await expect.poll(async () => page.getByTestId('registries-box-state').textContent(), { timeout: 20_000 }).toBe('ready');

    await page.locator('[data-testid="registry-row"][data-host="localhost:5000"]').getByTestId('registry-remove').click();
    await page.getByTestId('registries-empty').waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="registry-row"]').count()).toBe(0);

    // The trail has all four writes, with the secrets redacted.
    await page.goto(`${second.url}#/trail`);
    await page.getByText('registries.remove').first().waitFor({ timeout: 20_000 });
    expect(await page.content()).not.toContain(PASSWORD);
    expect(await page.content()).not.toContain(PASSPHRASE);
    await page.close();
  });

  it("says credentials can't be saved, and that scans still take their own, when there is no database", async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-registries-e2e-'));
    try {
      fs.writeFileSync(path.join(broken, 'vigil.db'), 'definitely not SQLite\n'.repeat(300));
      const s = await startServe([], { VIGIL_HOME: broken, VIGIL_SECRETS_PASSPHRASE: '' });
      serves.push(s);
      const page = await openSettings(s);
      expect(await page.getByTestId('registries-box-state').textContent()).toBe('unavailable');
      expect(await page.getByTestId('registries-unavailable').textContent()).toMatch(
        /Registry credentials can't be saved here: the database is not available .*vigil\.db cannot be read.*Scans still accept credentials given with each scan/,
      );
      expect(await page.getByTestId('registry-save').isDisabled()).toBe(true);
      expect(await page.getByTestId('registries-unlock').count()).toBe(0);
      await page.close();
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
