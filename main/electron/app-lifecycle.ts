// The desktop app's life: one instance, sandbox everywhere, app:// registered before ready,
// then core → protocol → IPC → window, and a quit that waits for the core to close its store.
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, safeStorage } from 'electron';
import type { Core, CoreOptions } from '../core/app-core';
import { appScheme, registerAppProtocol } from './app-protocol';
import { attachIpcTransport, type IpcTransport } from './ipc-transport';
import { desktopSecretBox } from './keychain-secret-box';
import { desktopCaller, osUsername, resolveRole } from './session-caller';
import { createMainWindow } from './window';

export interface DesktopAppOptions {
  /** Injected so this file stays testable without the whole core (main.ts passes the real one). */
  createCore: (options: CoreOptions) => Pick<Core, 'server' | 'close'>;
  env?: NodeJS.ProcessEnv;
}

/** Where the build puts things, relative to the app root (the asar when packaged). */
export function appPaths(appDir: string) {
  const rendererDir = path.join(appDir, 'dist', 'renderer');
  return {
    rendererDir,
    rendererIndex: path.join(rendererDir, 'index.html'),
    preload: path.join(appDir, 'dist', 'main', 'electron', 'preload.js'),
  };
}

export function startDesktopApp({ createCore, env = process.env }: DesktopAppOptions): void {
  // One instance owns the store; a second launch focuses the first window instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  // Both must happen before 'ready': every renderer sandboxed, app:// a standard secure origin.
  app.enableSandbox();
  protocol.registerSchemesAsPrivileged([appScheme]);

  const roleChoice = resolveRole(app.commandLine.getSwitchValue('role'), env.VIGIL_ROLE);
  if (roleChoice.warning) console.warn(`vigil: ${roleChoice.warning}`);
  const caller = desktopCaller(roleChoice.role, osUsername(env));
  const paths = appPaths(app.getAppPath());

  let core: Pick<Core, 'server' | 'close'> | null = null;
  let transport: IpcTransport | null = null;
  let mainWindow: BrowserWindow | null = null;

  function openWindow(): void {
    const win = createMainWindow({ preload: paths.preload, devTools: !app.isPackaged });
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = null;
    });
    mainWindow = win;
  }

  app.on('second-instance', () => {
    if (!mainWindow) {
      if (core) openWindow();
      return;
    }
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Backstop for any other webContents (devtools, a future dialog): no webviews, no popups.
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app
    .whenReady()
    .then(() => {
      registerAppProtocol(protocol, paths.rendererDir);
      // safeStorage answers only after 'ready'. Without a real keychain the core falls back to a passphrase.
      const secrets = desktopSecretBox(safeStorage);
      if (secrets.problem) console.warn(`vigil: ${secrets.problem}; saved registry passwords will be sealed with a passphrase instead`);
      core = createCore({
        electronVersion: process.versions.electron ?? null,
        rendererIndex: paths.rendererIndex,
        schedule: true,
        // Packaged: the malware rule pack ships as an extra resource beside app.asar (electron-builder.yml).
        ...(app.isPackaged && typeof process.resourcesPath === 'string' ? { env: { ...env, VIGIL_RESOURCES: env.VIGIL_RESOURCES ?? process.resourcesPath } } : {}),
        ...(secrets.box ? { secretBox: secrets.box } : {}),
      });
      transport = attachIpcTransport({
        ipcMain,
        server: core.server,
        caller,
        trustedContents: () => (mainWindow && !mainWindow.isDestroyed() ? mainWindow.webContents : null),
      });
      openWindow();
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('Vigil could not start', error instanceof Error ? error.message : String(error));
      app.quit();
    });

  // macOS keeps the app alive without windows and reopens one from the dock.
  app.on('activate', () => {
    if (core && !mainWindow) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Hold the quit until the core has cancelled its tasks and closed the database, then quit again.
  let closing: Promise<void> | null = null;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closing ??= (async () => {
      transport?.close();
      await core?.close();
    })()
      .catch((error: unknown) => console.error('vigil: error while closing the core:', error))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
}
