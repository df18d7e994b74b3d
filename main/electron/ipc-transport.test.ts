// IPC transport over a real RpcServer: only the main window's app:// top frame reaches the core,
// calls carry the desktop caller, and subscriptions die with their page.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { WebContents } from 'electron';
import { ipcChannels } from '../../shared/contracts/ipc-api';
import type { ServerStreamMessage } from '../../shared/contracts/transport';
import type { Caller } from '../core/rpc/caller';
import { createCore, type Core } from '../core/app-core';
import type { CoreServer } from '../core/rpc/core-server';
import { FakeBrowserWindow, FakeWebContents, FakeWebFrameMain, ipcEvent, ipcMain, resetFakeElectron } from './fake-electron';
import type { RpcEndpoint } from '../core/rpc/stream-session';
import { attachIpcTransport, type IpcTransport } from './ipc-transport';
import { desktopCaller } from './session-caller';

interface Backend {
  server: CoreServer;
  tasks: Core['tasks'];
  close(): Promise<void>;
}

/** The real core on a temporary data directory, with no Docker settings from this machine. */
function makeBackend(dir: string): Backend {
  const core = createCore({ dataDir: dir, env: {} });
  return { server: core.server, tasks: core.tasks, close: () => core.close() };
}

/** Wraps the server to see what reached it and how many subscriptions are still open. */
function instrument(server: CoreServer) {
  const calls: Array<{ caller: Caller; op: string; input: unknown }> = [];
  const subscribes: Array<{ caller: Caller; op: string }> = [];
  let open = 0;
  const endpoint: RpcEndpoint = {
    call(caller, op, input) {
      calls.push({ caller, op, input });
      return server.call(caller, op, input);
    },
    subscribe(caller, op, input, sink) {
      subscribes.push({ caller, op });
      const result = server.subscribe(caller, op, input, sink);
      if (!result.ok) return result;
      open += 1;
      let stopped = false;
      return {
        ok: true,
        value: () => {
          if (!stopped) open -= 1;
          stopped = true;
          result.value();
        },
      };
    },
  };
  return { endpoint, calls, subscribes, open: () => open };
}

const streamMessages = (contents: FakeWebContents) =>
  contents.sent.filter((m) => m.channel === ipcChannels.streamMessage).map((m) => m.args[0] as ServerStreamMessage);

let dataDir: string;
let backend: Backend;
let probe: ReturnType<typeof instrument>;
let win: FakeBrowserWindow;
let transport: IpcTransport;

async function setUp(role: Caller['role'] = 'full-access', maxSubscriptions?: number) {
  resetFakeElectron();
  dataDir = mkdtempSync(path.join(tmpdir(), 'vigil-ipc-'));
  backend = makeBackend(dataDir);
  probe = instrument(backend.server);
  win = new FakeBrowserWindow();
  await win.loadURL('app://vigil/index.html');
  transport = attachIpcTransport({
    ipcMain: ipcMain as never,
    server: probe.endpoint,
    caller: desktopCaller(role, 'alice'),
    trustedContents: () => (win.isDestroyed() ? null : (win.webContents as unknown as WebContents)),
    ...(maxSubscriptions ? { maxSubscriptions } : {}),
  });
}

async function tearDown() {
  transport.close();
  await backend.close();
  rmSync(dataDir, { recursive: true, force: true });
}

beforeEach(() => setUp());
afterEach(() => tearDown());

const call = (event: ReturnType<typeof ipcEvent>, request: unknown) => ipcMain.invoke(ipcChannels.call, event, request);
const stream = (event: ReturnType<typeof ipcEvent>, message: unknown) => ipcMain.emit(ipcChannels.stream, event, message);

describe('calls', () => {
  it('registers one invoke handler and one stream listener', () => {
    expect([...ipcMain.handlers.keys()]).toEqual([ipcChannels.call]);
    expect(ipcMain.listenerCount(ipcChannels.stream)).toBe(1);
  });

  it('routes a call from the main window to the RpcServer as the desktop caller over ipc', async () => {
    const result = await call(ipcEvent(win.webContents), { op: 'system.status', input: {} });
    expect(result).toMatchObject({ ok: true, value: { caller: { role: 'full-access', transport: 'ipc' } } });
    expect(probe.calls).toEqual([{ caller: { role: 'full-access', transport: 'ipc', actor: 'alice' }, op: 'system.status', input: {} }]);
  });

  it('refuses another webContents with an unauthorized envelope that never reaches the server', async () => {
    const other = new FakeBrowserWindow();
    await other.loadURL('app://vigil/index.html');
    const result = await call(ipcEvent(other.webContents), { op: 'system.status' });
    expect(result).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) } });
    expect(probe.calls).toEqual([]);
  });

  it.each([
    ['a foreign top frame', () => new FakeWebFrameMain('https://evil.example/')],
    ['a file:// frame', () => new FakeWebFrameMain('file:///home/alice/evil.html')],
    ['another app host', () => new FakeWebFrameMain('app://evil/index.html')],
    ['an app:// subframe', () => new FakeWebFrameMain('app://vigil/index.html', win.webContents.mainFrame)],
    ['a frame that is gone', () => null],
  ])('refuses %s of the main window', async (_name, frame) => {
    const result = await call(ipcEvent(win.webContents, frame()), { op: 'system.status' });
    expect(result).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(probe.calls).toEqual([]);
  });

  it('refuses everything once the main window is gone', async () => {
    const contents = win.webContents;
    win.close();
    expect(await call(ipcEvent(contents), { op: 'system.status' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(probe.calls).toEqual([]);
  });

  it('answers a malformed request with invalid_input without calling the server', async () => {
    for (const bad of [null, 'system.status', { op: '' }, { op: 42 }, { input: {} }]) {
      expect(await call(ipcEvent(win.webContents), bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(probe.calls).toEqual([]);
  });

  it('leaves role enforcement to the RpcServer: a read-only session cannot write', async () => {
    await tearDown();
    await setUp('read-only');
    const result = await call(ipcEvent(win.webContents), { op: 'system.backup', input: { destination: path.join(dataDir, 'b.db') } });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(probe.calls[0]?.caller).toEqual({ role: 'read-only', transport: 'ipc', actor: 'alice' });
  });
});

describe('streams', () => {
  const subscribe = (id = 's1') => stream(ipcEvent(win.webContents), { type: 'subscribe', id, op: 'tasks.updates', input: {} });

  it('delivers values of a subscription to that window only', async () => {
    const other = new FakeBrowserWindow();
    subscribe();
    expect(probe.subscribes).toEqual([{ caller: { role: 'full-access', transport: 'ipc', actor: 'alice' }, op: 'tasks.updates' }]);
    const started = backend.tasks.start('test.work', 'Test work', async () => undefined);
    await started.done;
    const messages = streamMessages(win.webContents);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.every((m) => m.type === 'next' && m.id === 's1')).toBe(true);
    expect(messages.at(-1)).toMatchObject({ type: 'next', id: 's1', value: { id: started.info.id, state: 'succeeded' } });
    expect(other.webContents.sent).toEqual([]);
  });

  it('ignores stream messages from a foreign sender or frame', () => {
    const other = new FakeBrowserWindow();
    stream(ipcEvent(other.webContents), { type: 'subscribe', id: 'x', op: 'tasks.updates' });
    stream(ipcEvent(win.webContents, new FakeWebFrameMain('https://evil.example/')), { type: 'subscribe', id: 'y', op: 'tasks.updates' });
    expect(probe.subscribes).toEqual([]);
    expect(other.webContents.sent).toEqual([]);
    expect(win.webContents.sent).toEqual([]);
  });

  it('stops a subscription on unsubscribe', () => {
    subscribe();
    expect(probe.open()).toBe(1);
    stream(ipcEvent(win.webContents), { type: 'unsubscribe', id: 's1' });
    expect(probe.open()).toBe(0);
    expect(transport.subscriptionCount(win.webContents as never)).toBe(0);
    backend.tasks.start('test.work', 'Test work', async () => undefined);
    expect(streamMessages(win.webContents)).toEqual([]);
  });

  it('answers errors on the subscription id: unknown op, not a stream, duplicate id, bad message', () => {
    stream(ipcEvent(win.webContents), { type: 'subscribe', id: 'a', op: 'no.such.op' });
    stream(ipcEvent(win.webContents), { type: 'subscribe', id: 'b', op: 'system.status' });
    subscribe('c');
    subscribe('c');
    stream(ipcEvent(win.webContents), { type: 'subscribe', id: 'd' });
    stream(ipcEvent(win.webContents), { type: 'bogus' });
    expect(streamMessages(win.webContents)).toEqual([
      { type: 'error', id: 'a', error: expect.objectContaining({ code: 'unknown_operation' }) },
      { type: 'error', id: 'b', error: expect.objectContaining({ code: 'invalid_input' }) },
      { type: 'error', id: 'c', error: expect.objectContaining({ code: 'conflict' }) },
      { type: 'error', id: 'd', error: expect.objectContaining({ code: 'invalid_input' }) },
      // No id to answer on: the error comes back on the empty id, as over the WebSocket.
      { type: 'error', id: '', error: expect.objectContaining({ code: 'invalid_input' }) },
    ]);
    expect(probe.open()).toBe(1);
  });

  it('caps the number of open subscriptions per window', async () => {
    await tearDown();
    await setUp('full-access', 2);
    subscribe('1');
    subscribe('2');
    subscribe('3');
    expect(probe.open()).toBe(2);
    expect(streamMessages(win.webContents)).toEqual([{ type: 'error', id: '3', error: expect.objectContaining({ code: 'conflict' }) }]);
  });

  it('drops every subscription when the webContents is destroyed', () => {
    subscribe('1');
    subscribe('2');
    expect(probe.open()).toBe(2);
    win.close();
    expect(probe.open()).toBe(0);
    expect(transport.subscriptionCount(win.webContents as never)).toBe(0);
    // Nothing may be sent to a destroyed webContents (the fake throws like Electron does).
    expect(() => backend.tasks.start('test.work', 'Test work', async () => undefined)).not.toThrow();
  });

  it('drops subscriptions on reload and on a new document, keeps them on in-page navigation', () => {
    subscribe('1');
    expect(win.webContents.navigate('app://vigil/index.html#/tasks', { sameDocument: true })).toBe(true);
    expect(probe.open()).toBe(1);
    expect(win.webContents.navigate('app://vigil/index.html')).toBe(true);
    expect(probe.open()).toBe(0);
    subscribe('2');
    expect(probe.open()).toBe(1);
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    expect(probe.open()).toBe(0);
  });

  it('drops subscriptions when any other document commits in the window (did-navigate backstop)', () => {
    subscribe('1');
    // No window guard here, so the foreign navigation commits: the old page is gone.
    expect(win.webContents.navigate('https://example.org/')).toBe(true);
    expect(probe.open()).toBe(0);
  });

  it('keeps subscriptions when a navigation away is cancelled by the window guard', async () => {
    const { guardWebContents } = await import('./window');
    guardWebContents(win.webContents as unknown as WebContents);
    subscribe('1');
    expect(win.webContents.navigate('https://evil.example/')).toBe(false);
    expect(probe.open()).toBe(1);
  });

  it('close() removes the handlers and stops every subscription', () => {
    subscribe('1');
    transport.close();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.listenerCount(ipcChannels.stream)).toBe(0);
    expect(probe.open()).toBe(0);
  });
});
