// The main window and the guards around it: the renderer can show our pages and nothing else —
// no navigation away, no new windows, no webviews, no permissions, and a CSP on every response.
import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { contentSecurityPolicy } from '../../shared/contracts/transport';
import { APP_INDEX_URL, isAppUrl, isExternalWebUrl } from './app-origin';
import { mainWindowOptions, type WindowOptionsInput } from './window-options';

/** Deny every permission (camera, notifications, clipboard-read …): the workbench needs none. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  // Replace whatever policy a response carries (any spelling) with ours.
  session.webRequest.onHeadersReceived((details, callback) => {
    const headers: Record<string, string[]> = {};
    for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
      if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
    }
    headers['Content-Security-Policy'] = [contentSecurityPolicy];
    callback({ responseHeaders: headers });
  });
}

/** Keep the renderer on app://vigil; a window.open of a web link goes to the OS browser instead. */
export function guardWebContents(contents: WebContents): void {
  const stayOnApp = (event: { url?: string; preventDefault(): void }, url?: string) => {
    if (!isAppUrl(event.url ?? url)) event.preventDefault();
  };
  contents.on('will-navigate', stayOnApp);
  contents.on('will-redirect', stayOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) void shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

export function createMainWindow(input: WindowOptionsInput): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(input));
  hardenSession(win.webContents.session);
  guardWebContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  win.loadURL(APP_INDEX_URL).catch((error: unknown) => console.error('vigil: could not load the renderer:', error));
  return win;
}
