// The preload's bridge: one frozen object with exactly the PreloadApi keys, never ipcRenderer.
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import { ipcChannels, type PreloadApi } from '../../shared/contracts/ipc-api';
import type { ServerStreamMessage } from '../../shared/contracts/transport';
import { contextBridge, FakeEvent, ipcRenderer } from './fake-electron';

// A key added to PreloadApi breaks this line until the test (and the preload) know about it.
const preloadKeys: Record<keyof PreloadApi, true> = { call: true, stream: true, onStreamMessage: true, platform: true };

let api: PreloadApi;

beforeAll(async () => {
  await import('./preload');
  api = contextBridge.exposed.get('vigil') as PreloadApi;
});

describe('preload bridge', () => {
  it('exposes exactly one object, window.vigil, frozen, with only the PreloadApi keys', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['vigil']);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.keys(api).sort()).toEqual(Object.keys(preloadKeys).sort());
    expect(api.platform).toBe(process.platform);
  });

  it('never hands out ipcRenderer or any of its methods', () => {
    const ipcMethods = new Set<unknown>([ipcRenderer, ipcRenderer.invoke, ipcRenderer.send, ipcRenderer.on, ipcRenderer.emit]);
    for (const [key, value] of Object.entries(api)) {
      expect(ipcMethods.has(value), key).toBe(false);
      expect(value, key).not.toBe(ipcRenderer);
    }
    expect(Object.keys(api)).not.toContain('ipcRenderer');
  });

  it('call invokes the call channel with the request and returns the envelope', async () => {
    ipcRenderer.reply = { ok: true, value: { pong: 1 } };
    await expect(api.call({ op: 'system.status', input: {} })).resolves.toEqual({ ok: true, value: { pong: 1 } });
    expect(ipcRenderer.invoked).toEqual([{ channel: ipcChannels.call, args: [{ op: 'system.status', input: {} }] }]);
  });

  it('stream sends the message on the stream channel', () => {
    api.stream({ type: 'subscribe', id: 's1', op: 'tasks.updates', input: {} });
    expect(ipcRenderer.sentMessages).toEqual([
      { channel: ipcChannels.stream, args: [{ type: 'subscribe', id: 's1', op: 'tasks.updates', input: {} }] },
    ]);
  });

  it('onStreamMessage passes only the message, never the event, and unsubscribes', () => {
    const received: unknown[][] = [];
    const stop = api.onStreamMessage((...args: unknown[]) => {
      received.push(args);
    });
    const message: ServerStreamMessage = { type: 'next', id: 's1', value: 42 };
    const event = new FakeEvent({ sender: ipcRenderer, senderId: 0 });
    ipcRenderer.emit(ipcChannels.streamMessage, event, message);
    expect(received).toEqual([[message]]);
    expect(received[0]?.[0]).not.toHaveProperty('sender');

    stop();
    expect(ipcRenderer.listenerCount(ipcChannels.streamMessage)).toBe(0);
    ipcRenderer.emit(ipcChannels.streamMessage, event, message);
    expect(received).toHaveLength(1);
  });
});
