// Test double of the `electron` module (the binary cannot run here, DESIGN §6). Tests load it
// with vi.mock('electron', () => import('./fake-electron')). It records calls and reproduces the
// behaviour the Electron layer relies on: event order, preventDefault, "before ready" rules,
// one handler per invoke channel, send() throwing on destroyed contents.
import crypto from 'node:crypto';

type Listener = (...args: any[]) => unknown;

export class FakeEmitter {
  private listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>();

  on(name: string, fn: Listener): this {
    this.listenersOf(name).push({ fn, once: false });
    return this;
  }
  addListener(name: string, fn: Listener): this {
    return this.on(name, fn);
  }
  once(name: string, fn: Listener): this {
    this.listenersOf(name).push({ fn, once: true });
    return this;
  }
  off(name: string, fn: Listener): this {
    const list = this.listenersOf(name);
    const at = list.findIndex((entry) => entry.fn === fn);
    if (at >= 0) list.splice(at, 1);
    return this;
  }
  removeListener(name: string, fn: Listener): this {
    return this.off(name, fn);
  }
  removeAllListeners(name?: string): this {
    if (name === undefined) this.listeners.clear();
    else this.listeners.delete(name);
    return this;
  }
  listenerCount(name: string): number {
    return this.listenersOf(name).length;
  }
  emit(name: string, ...args: unknown[]): boolean {
    const list = [...this.listenersOf(name)];
    for (const entry of list) {
      if (entry.once) this.off(name, entry.fn);
      entry.fn(...args);
    }
    return list.length > 0;
  }
  private listenersOf(name: string) {
    let list = this.listeners.get(name);
    if (!list) this.listeners.set(name, (list = []));
    return list;
  }
}

/** Electron's Event: preventDefault plus whatever details the event carries (url, isMainFrame …). */
export class FakeEvent {
  defaultPrevented = false;
  [key: string]: unknown;
  constructor(details: Record<string, unknown> = {}) {
    Object.assign(this, details);
  }
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

export class FakeWebFrameMain {
  constructor(
    public url: string,
    public parent: FakeWebFrameMain | null = null,
  ) {}
  get top(): FakeWebFrameMain {
    return this.parent ? this.parent.top : this;
  }
}

type HeadersListener = (details: { url: string; responseHeaders?: Record<string, string[]> }, callback: (response: { responseHeaders?: Record<string, string[]>; cancel?: boolean }) => void) => void;

export class FakeSession {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  headersListener: HeadersListener | null = null;
  readonly webRequest = {
    onHeadersReceived: (filterOrListener: unknown, listener?: HeadersListener) => {
      this.headersListener = (listener ?? filterOrListener) as HeadersListener;
    },
  };
  setPermissionRequestHandler(handler: Listener | null) {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: Listener | null) {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: Listener | null) {
    this.devicePermissionHandler = handler;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextContentsId++;
  readonly session: FakeSession;
  readonly mainFrame = new FakeWebFrameMain('');
  readonly sent: Array<{ channel: string; args: unknown[] }> = [];
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  private destroyed = false;

  constructor(session: FakeSession) {
    super();
    this.session = session;
    app.emit('web-contents-created', new FakeEvent(), this);
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]) {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args });
  }
  loadURL(url: string): Promise<void> {
    this.mainFrame.url = url;
    return Promise.resolve();
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('destroyed');
  }

  /** A renderer-initiated navigation, in Electron's order: did-start-navigation, will-navigate, commit. */
  navigate(url: string, options: { sameDocument?: boolean } = {}): boolean {
    const sameDocument = options.sameDocument ?? false;
    const details = { url, isMainFrame: true, isSameDocument: sameDocument, frame: this.mainFrame };
    this.emit('did-start-navigation', new FakeEvent(details), url, sameDocument, true, 1, 1);
    if (!sameDocument) {
      const willNavigate = new FakeEvent(details);
      this.emit('will-navigate', willNavigate, url, false, true, 1, 1);
      if (willNavigate.defaultPrevented) return false;
    }
    this.mainFrame.url = url;
    if (!sameDocument) this.emit('did-navigate', new FakeEvent(), url, -1, '');
    return true;
  }

  /** A server redirect during a navigation; returns false when the app cancelled it. */
  redirect(url: string): boolean {
    const event = new FakeEvent({ url, isMainFrame: true, isSameDocument: false, frame: this.mainFrame });
    this.emit('will-redirect', event, url, false, true, 1, 1);
    return !event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends FakeEmitter {
  static instances: FakeBrowserWindow[] = [];
  static getAllWindows() {
    return FakeBrowserWindow.instances.filter((win) => !win.isDestroyed());
  }
  readonly webContents: FakeWebContents;
  shown = false;
  focused = false;
  minimized = false;
  loadedUrl: string | null = null;
  private destroyed = false;

  constructor(readonly options: Record<string, any> = {}) {
    super();
    this.webContents = new FakeWebContents(session.defaultSession);
    FakeBrowserWindow.instances.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return this.webContents.loadURL(url);
  }
  show() {
    this.shown = true;
  }
  focus() {
    this.focused = true;
  }
  isMinimized() {
    return this.minimized;
  }
  restore() {
    this.minimized = false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  close() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroy();
    this.emit('closed');
  }
}

class FakeApp extends FakeEmitter {
  /** Calls in order, to check what happened before 'ready'. */
  readonly log: string[] = [];
  ready = false;
  lockGranted = true;
  isPackaged = false;
  appPath = '/opt/Vigil/resources/app.asar';
  switches: Record<string, string> = {};
  hasQuit = false;
  readonly commandLine = {
    getSwitchValue: (name: string) => this.switches[name] ?? '',
    hasSwitch: (name: string) => name in this.switches,
  };
  private resolveReady: () => void = () => undefined;
  private readyPromise = this.newReadyPromise();

  reset() {
    this.removeAllListeners();
    this.log.length = 0;
    this.ready = false;
    this.lockGranted = true;
    this.isPackaged = false;
    this.switches = {};
    this.hasQuit = false;
    this.readyPromise = this.newReadyPromise();
  }
  /** Test control: Electron finished starting. */
  async becomeReady() {
    this.ready = true;
    this.log.push('ready');
    this.resolveReady();
    this.emit('ready');
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  whenReady() {
    return this.readyPromise;
  }
  isReady() {
    return this.ready;
  }
  enableSandbox() {
    if (this.ready) throw new Error('app.enableSandbox() can only be called before app is ready');
    this.log.push('enableSandbox');
  }
  requestSingleInstanceLock() {
    this.log.push('requestSingleInstanceLock');
    return this.lockGranted;
  }
  getAppPath() {
    return this.appPath;
  }
  getVersion() {
    return '0.1.0';
  }
  /** Electron's order: before-quit, will-quit, each cancellable. */
  quit() {
    this.log.push('quit');
    const before = new FakeEvent();
    this.emit('before-quit', before);
    if (before.defaultPrevented) return;
    const will = new FakeEvent();
    this.emit('will-quit', will);
    if (will.defaultPrevented) return;
    this.hasQuit = true;
  }
  private newReadyPromise() {
    return new Promise<void>((resolve) => {
      this.resolveReady = resolve;
    });
  }
}

class FakeIpcMain extends FakeEmitter {
  readonly handlers = new Map<string, Listener>();
  handle(channel: string, handler: Listener) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
  /** Test control: what ipcRenderer.invoke from `event.sender` would get back. */
  async invoke(channel: string, event: unknown, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    return handler(event, ...args);
  }
  reset() {
    this.handlers.clear();
    this.removeAllListeners();
  }
}

class FakeIpcRenderer extends FakeEmitter {
  readonly invoked: Array<{ channel: string; args: unknown[] }> = [];
  readonly sentMessages: Array<{ channel: string; args: unknown[] }> = [];
  reply: unknown = { ok: true, value: null };
  invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.reply);
  }
  send(channel: string, ...args: unknown[]) {
    this.sentMessages.push({ channel, args });
  }
  reset() {
    this.invoked.length = 0;
    this.sentMessages.length = 0;
    this.removeAllListeners();
  }
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const BrowserWindow = FakeBrowserWindow;
export const session = { defaultSession: new FakeSession() };

export const protocol = {
  privileged: [] as Array<{ scheme: string; privileges?: Record<string, boolean> }>,
  handlers: new Map<string, (request: Request) => Promise<Response> | Response>(),
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges?: Record<string, boolean> }>) {
    if (app.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    app.log.push('registerSchemesAsPrivileged');
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response> | Response) {
    if (!app.ready) throw new Error('protocol.handle can only be used after the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  },
};

export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown) {
    if (this.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    this.exposed.set(key, api);
  },
};

export const shell = {
  opened: [] as string[],
  openExternal(url: string) {
    this.opened.push(url);
    return Promise.resolve();
  },
};

export const dialog = {
  errors: [] as Array<{ title: string; content: string }>,
  showErrorBox(title: string, content: string) {
    this.errors.push({ title, content });
  },
};

type StorageBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';

/**
 * safeStorage as on Linux: nothing before 'ready'; after it, encryption only when a keychain is
 * there (tests set `keychain`), "basic_text" when no secret store runs. Sealed bytes start with
 * Chromium's "v11" prefix and are really encrypted (AES-GCM, a key per fake "login"), so a test
 * can look for the plain text in a file and decryptString refuses bytes from another key.
 */
class FakeSafeStorage {
  /** Test control: whether the OS keychain answers, and the backend Linux reports. */
  keychain = false;
  backend: StorageBackend = 'basic_text';
  readonly calls: string[] = [];
  private key = crypto.randomBytes(32);

  isEncryptionAvailable(): boolean {
    this.calls.push('isEncryptionAvailable');
    return app.ready && this.keychain;
  }
  getSelectedStorageBackend(): StorageBackend {
    return app.ready ? this.backend : 'unknown';
  }
  encryptString(plainText: string): Buffer {
    this.calls.push('encryptString');
    if (!app.ready || !this.keychain) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from('v11'), iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    this.calls.push('decryptString');
    if (!app.ready || !this.keychain) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString. Decryption is not available.');
    try {
      if (encrypted.subarray(0, 3).toString() !== 'v11') throw new Error('prefix');
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(3, 15));
      decipher.setAuthTag(encrypted.subarray(15, 31));
      return Buffer.concat([decipher.update(encrypted.subarray(31)), decipher.final()]).toString('utf8');
    } catch {
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    }
  }
  setUsePlainTextEncryption(_usePlainText: boolean): void {}
  /** Test control: another OS user or machine: what this one sealed no longer opens. */
  rotateKey(): void {
    this.key = crypto.randomBytes(32);
  }
  reset(): void {
    this.keychain = false;
    this.backend = 'basic_text';
    this.calls.length = 0;
    this.rotateKey();
  }
}

export const safeStorage = new FakeSafeStorage();

/** An IPC event as ipcMain hands it to a listener: who sent it and from which frame. */
export function ipcEvent(sender: FakeWebContents, senderFrame: FakeWebFrameMain | null = sender.mainFrame) {
  return { sender, senderFrame, processId: 1, frameId: 1, reply: () => undefined, returnValue: undefined };
}

/** Back to a fresh Electron between tests (the module objects themselves must stay the same). */
export function resetFakeElectron() {
  app.reset();
  ipcMain.reset();
  ipcRenderer.reset();
  FakeBrowserWindow.instances = [];
  session.defaultSession = new FakeSession();
  protocol.privileged.length = 0;
  protocol.handlers.clear();
  contextBridge.exposed.clear();
  shell.opened.length = 0;
  dialog.errors.length = 0;
  safeStorage.reset();
}

export default { app, ipcMain, ipcRenderer, BrowserWindow, session, protocol, contextBridge, shell, dialog, safeStorage };
