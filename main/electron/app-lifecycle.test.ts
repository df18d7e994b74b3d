// The app's life against a fake Electron: lock, sandbox and scheme before ready; core, protocol,
// IPC and window after; the role reaching the core; a quit that waits for core.close().
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { ipcChannels } from '../../shared/contracts/ipc-api';
import type { Caller } from '../core/rpc/caller';
import { appPaths, startDesktopApp } from './app-lifecycle';
import { app, BrowserWindow, dialog, FakeEvent, ipcEvent, ipcMain, protocol, resetFakeElectron } from './fake-electron';

function fakeCore() {
  const seen: Caller[] = [];
  let closeCalls = 0;
  let releaseClose: () => void = () => undefined;
  const core = {
    seen,
    closeCalls: () => closeCalls,
    finishClose: () => releaseClose(),
    server: {
      call: vi.fn(async (caller: Caller) => {
        seen.push(caller);
        return { ok: true as const, value: { role: caller.role } };
      }),
      subscribe: vi.fn(() => ({ ok: true as const, value: () => undefined })),
    },
    close: () => {
      closeCalls += 1;
      return new Promise<void>((resolve) => {
        releaseClose = resolve;
      });
    },
  };
  return core;
}

let core: ReturnType<typeof fakeCore>;
let createCore: ReturnType<typeof vi.fn>;

function start(env: NodeJS.ProcessEnv = {}) {
  startDesktopApp({ createCore: createCore as never, env });
}

beforeEach(() => {
  resetFakeElectron();
  core = fakeCore();
  createCore = vi.fn(() => core);
});
afterEach(() => vi.restoreAllMocks());

describe('desktop app lifecycle', () => {
  it('quits at once, touching nothing, when another instance holds the lock', () => {
    app.lockGranted = false;
    start();
    expect(app.log).toEqual(['requestSingleInstanceLock', 'quit']);
    expect(app.hasQuit).toBe(true);
    expect(protocol.privileged).toEqual([]);
    expect(createCore).not.toHaveBeenCalled();
  });

  it('enables the sandbox and registers app:// as privileged before ready', async () => {
    start();
    expect(app.log).toEqual(['requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged']);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
    expect(createCore).not.toHaveBeenCalled();
    expect(BrowserWindow.instances).toEqual([]);
    await app.becomeReady();
    expect(dialog.errors).toEqual([]);
  });

  it('after ready: serves app://, creates the core, wires IPC and opens the hardened window', async () => {
    app.isPackaged = true;
    start();
    await app.becomeReady();
    const paths = appPaths(app.appPath);
    expect([...protocol.handlers.keys()]).toEqual(['app']);
    expect(createCore).toHaveBeenCalledExactlyOnceWith({ electronVersion: null, rendererIndex: paths.rendererIndex, schedule: true });
    expect(ipcMain.handlers.has(ipcChannels.call)).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
    const win = BrowserWindow.instances[0]!;
    expect(win.options.webPreferences).toMatchObject({ preload: paths.preload, sandbox: true, contextIsolation: true, devTools: false });
    expect(win.loadedUrl).toBe('app://vigil/index.html');
    expect(paths.preload).toBe(path.join(app.appPath, 'dist', 'main', 'electron', 'preload.js'));
    expect(paths.rendererDir).toBe(path.join(app.appPath, 'dist', 'renderer'));
  });

  it.each([
    [{}, {}, 'administrator'],
    [{ role: 'read-only' }, {}, 'read-only'],
    [{}, { VIGIL_ROLE: 'full-access' }, 'full-access'],
    [{ role: 'full-access' }, { VIGIL_ROLE: 'administrator' }, 'full-access'],
    [{ role: 'superuser' }, {}, 'read-only'],
  ] as const)('switches %o and env %o give the session role %s over ipc', async (switches, env, role) => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    app.switches = { ...switches };
    start({ ...env, USER: 'alice' });
    await app.becomeReady();
    const win = BrowserWindow.instances[0]!;
    const result = await ipcMain.invoke(ipcChannels.call, ipcEvent(win.webContents), { op: 'system.status' });
    expect(result).toEqual({ ok: true, value: { role } });
    expect(core.seen[0]).toMatchObject({ role, transport: 'ipc' });
    expect(core.seen[0]?.actor.length).toBeGreaterThan(0);
  });

  it('a second launch focuses the existing window', async () => {
    start();
    await app.becomeReady();
    const win = BrowserWindow.instances[0]!;
    win.minimized = true;
    app.emit('second-instance', new FakeEvent(), ['vigil'], '/');
    expect(win.minimized).toBe(false);
    expect(win.focused).toBe(true);
    expect(BrowserWindow.instances).toHaveLength(1);
  });

  it('denies webviews and popups for any other webContents too', async () => {
    start();
    await app.becomeReady();
    const stray = new BrowserWindow().webContents;
    expect(stray.windowOpenHandler?.({ url: 'https://example.org/' })).toEqual({ action: 'deny' });
    const event = new FakeEvent();
    stray.emit('will-attach-webview', event, {}, {});
    expect(event.defaultPrevented).toBe(true);
  });

  it('holds the quit until the core has closed, then quits once', async () => {
    start();
    await app.becomeReady();
    app.quit();
    expect(app.hasQuit).toBe(false);
    expect(core.closeCalls()).toBe(1);
    expect(ipcMain.handlers.size).toBe(0);
    app.quit(); // a second request while closing must not close twice
    expect(core.closeCalls()).toBe(1);
    core.finishClose();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.hasQuit).toBe(true);
  });

  it('quits when the last window closes (except on macOS)', async () => {
    start();
    await app.becomeReady();
    BrowserWindow.instances[0]!.close();
    app.emit('window-all-closed');
    if (process.platform !== 'darwin') expect(core.closeCalls()).toBe(1);
  });

  it('shows an error and quits when the core cannot start', async () => {
    createCore.mockImplementation(() => {
      throw new Error('data directory is not writable');
    });
    start();
    await app.becomeReady();
    expect(dialog.errors).toEqual([{ title: 'Vigil could not start', content: 'data directory is not writable' }]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(app.hasQuit).toBe(true);
    expect(BrowserWindow.instances).toEqual([]);
  });
});
