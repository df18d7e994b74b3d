// The hardening of DESIGN §5, asserted against a recording fake of Electron.
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { contentSecurityPolicy } from '../../shared/contracts/transport';
import { BrowserWindow, FakeBrowserWindow, FakeEvent, resetFakeElectron, shell } from './fake-electron';
import { createMainWindow } from './window';
import { mainWindowOptions } from './window-options';

const preload = '/opt/Vigil/resources/app.asar/dist/main/electron/preload.js';

function openWindow(devTools = false): FakeBrowserWindow {
  createMainWindow({ preload, devTools });
  const win = BrowserWindow.instances.at(-1);
  if (!win) throw new Error('no window was created');
  return win;
}

beforeEach(() => resetFakeElectron());

describe('main window options', () => {
  it('isolates and sandboxes the renderer with every hardening flag', () => {
    const prefs = mainWindowOptions({ preload, devTools: false }).webPreferences;
    expect(prefs).toMatchObject({
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
  });

  it('keeps DevTools only for unpackaged runs, as the caller decides', () => {
    expect(mainWindowOptions({ preload, devTools: true }).webPreferences?.devTools).toBe(true);
  });

  it('passes those options to the BrowserWindow and loads app://vigil, shown only when ready', () => {
    const win = openWindow();
    expect(win.options).toEqual(mainWindowOptions({ preload, devTools: false }));
    expect(win.loadedUrl).toBe('app://vigil/index.html');
    expect(win.shown).toBe(false);
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });
});

describe('navigation and new windows', () => {
  it('prevents navigation to anything but app://vigil', () => {
    const contents = openWindow().webContents;
    for (const url of [
      'https://evil.example/',
      'http://127.0.0.1:8080/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://vigil@evil/index.html',
      'app://vigil:8080/index.html',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'not a url',
    ]) {
      expect(contents.navigate(url), url).toBe(false);
    }
    expect(contents.mainFrame.url).toBe('app://vigil/index.html');
  });

  it('allows navigation within app://vigil', () => {
    const contents = openWindow().webContents;
    expect(contents.navigate('app://vigil/index.html#/images')).toBe(true);
    expect(contents.navigate('app://vigil/settings')).toBe(true);
  });

  it('cancels redirects that leave the app', () => {
    const contents = openWindow().webContents;
    expect(contents.redirect('https://evil.example/')).toBe(false);
    expect(contents.redirect('app://vigil/index.html')).toBe(true);
  });

  it('denies window.open and hands only http(s) links to the OS browser', () => {
    const contents = openWindow().webContents;
    const open = (url: string) => contents.windowOpenHandler?.({ url });
    expect(open('https://nvd.nist.gov/vuln/detail/CVE-2024-3094')).toEqual({ action: 'deny' });
    expect(open('http://example.org/')).toEqual({ action: 'deny' });
    expect(open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(open('smb://share/x')).toEqual({ action: 'deny' });
    expect(open('app://vigil/index.html')).toEqual({ action: 'deny' });
    expect(shell.opened).toEqual(['https://nvd.nist.gov/vuln/detail/CVE-2024-3094', 'http://example.org/']);
  });

  it('refuses to attach webviews', () => {
    const contents = openWindow().webContents;
    const event = new FakeEvent();
    contents.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('session', () => {
  it('denies every permission request and check', () => {
    const session = openWindow().webContents.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      const callback = vi.fn();
      session.permissionRequestHandler?.(null, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(session.permissionCheckHandler?.(null, permission, 'app://vigil', {}), permission).toBe(false);
    }
    expect(session.devicePermissionHandler?.({ deviceType: 'usb', origin: 'app://vigil' })).toBe(false);
  });

  it('sets the Content-Security-Policy on every response, replacing any other', () => {
    const session = openWindow().webContents.session;
    const callback = vi.fn();
    session.headersListener?.(
      { url: 'app://vigil/index.html', responseHeaders: { 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] } },
      callback,
    );
    expect(callback).toHaveBeenCalledExactlyOnceWith({
      responseHeaders: { 'Content-Type': ['text/html'], 'Content-Security-Policy': [contentSecurityPolicy] },
    });
    const bare = vi.fn();
    session.headersListener?.({ url: 'app://vigil/app.js' }, bare);
    expect(bare).toHaveBeenCalledExactlyOnceWith({ responseHeaders: { 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
});
