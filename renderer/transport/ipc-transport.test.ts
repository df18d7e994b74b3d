import { describe, expect, it } from 'vitest';
import { RpcError } from '../../shared/contracts/errors';
import type { PreloadApi } from '../../shared/contracts/ipc-api';
import type { ClientStreamMessage, ServerStreamMessage } from '../../shared/contracts/transport';
import { IpcTransport } from './ipc-transport';

function fakePreload(reply: (op: string) => unknown) {
  const streamed: ClientStreamMessage[] = [];
  let listener: ((m: ServerStreamMessage) => void) | null = null;
  const api: PreloadApi = {
    call: async (request) => reply(request.op) as never,
    stream: (message) => void streamed.push(message),
    onStreamMessage: (l) => {
      listener = l;
      return () => (listener = null);
    },
    platform: 'linux',
  };
  return { api, streamed, push: (m: ServerStreamMessage) => listener?.(m), hasListener: () => listener !== null };
}

describe('IpcTransport', () => {
  it('unwraps results and rebuilds RpcErrors', async () => {
    const { api } = fakePreload((op) =>
      op === 'ok' ? { ok: true, value: 42 } : { ok: false, error: { code: 'forbidden', message: 'read-only session' } },
    );
    const transport = new IpcTransport(api);
    await expect(transport.call('ok', {})).resolves.toBe(42);
    const error = await transport.call('bad', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'forbidden', message: 'read-only session' });
  });

  it('turns a rejected invoke into an RpcError', async () => {
    const transport = new IpcTransport(fakePreload(() => Promise.reject(new Error('no handler'))).api);
    await expect(transport.call('x', {})).rejects.toMatchObject({ code: 'internal', message: 'no handler' });
  });

  it('routes stream messages by id and unsubscribes', () => {
    const { api, streamed, push, hasListener } = fakePreload(() => null);
    const transport = new IpcTransport(api);
    const a: unknown[] = [];
    const b: unknown[] = [];
    const stopA = transport.subscribe('tasks.updates', {}, (v) => a.push(v), () => undefined);
    transport.subscribe('docker.changes', {}, (v) => b.push(v), () => undefined);
    const [subA, subB] = streamed as Extract<ClientStreamMessage, { type: 'subscribe' }>[];
    push({ type: 'next', id: subA!.id, value: 'a1' });
    push({ type: 'next', id: subB!.id, value: 'b1' });
    stopA();
    push({ type: 'next', id: subA!.id, value: 'a2' });
    expect(a).toEqual(['a1']);
    expect(b).toEqual(['b1']);
    expect(streamed[2]).toEqual({ type: 'unsubscribe', id: subA!.id });
    expect(transport.connectionState()).toBe('open');
    transport.dispose();
    expect(hasListener()).toBe(false);
  });
});
