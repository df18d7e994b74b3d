// Debian's Chromium driven by playwright-core (no browser download: DESIGN.md §6).
import { chromium, type Browser } from 'playwright-core';
import { chromiumPath } from './environment';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
