// End to end: `vigil serve` + the real Docker engine + Debian's Chromium. An image made with
// `docker import` shows up on the Images page, and the page follows Docker's event stream.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startServe, type ServeProcess } from '../support/cli-process';
import { importImage, removeImage, uniqueTag } from '../support/docker-images';
import { requireBuild, requireChromium, requireDocker } from '../support/environment';

const ready = [requireBuild(), requireDocker(), requireChromium()].every((r) => r.available);

describe.skipIf(!ready)('Images page through vigil serve', () => {
  let home: string;
  let serve: ServeProcess;
  let browser: Browser;
  let page: Page;
  const first = uniqueTag('e2e-first');
  const second = uniqueTag('e2e-second');

  beforeAll(async () => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-'));
    importImage(first);
    serve = await startServe([], { VIGIL_HOME: home });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    removeImage(first);
    removeImage(second);
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('lists an image imported into the real engine', async () => {
    await page.goto(serve.openUrl);
    await page.goto(`${serve.url}#/images`);
    await page.getByText(first, { exact: false }).first().waitFor({ timeout: 20_000 });
    // The token left the address bar; the session continues on its cookie.
    expect(page.url()).not.toContain('token=');
  });

  it('follows Docker events: a new image appears and a removed one disappears without a reload', async () => {
    importImage(second);
    await page.getByText(second, { exact: false }).first().waitFor({ timeout: 20_000 });
    removeImage(first);
    await page.getByText(first, { exact: false }).first().waitFor({ state: 'detached', timeout: 20_000 });
  });

  it('survives a reload on the same page', async () => {
    await page.reload();
    await page.getByText(second, { exact: false }).first().waitFor({ timeout: 20_000 });
    expect(page.url()).toContain('#/images');
  });

  it('refuses the same server to a browser without the token', async () => {
    const stranger = await browser.newPage();
    const response = await stranger.goto(serve.url);
    expect(response?.status()).toBe(401);
    await stranger.close();
  });
});
