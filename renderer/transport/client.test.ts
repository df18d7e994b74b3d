import { describe, expect, it } from 'vitest';
import { RpcError } from '../../shared/contracts/errors';
import { createClient } from './client';
import { IpcTransport } from './ipc-transport';
import type { Transport } from './transport';

function recordingTransport() {
  const calls: { op: string; input: unknown }[] = [];
  const transport: Transport = {
    kind: 'web',
    call: async (op, input) => {
      calls.push({ op, input });
      return op === 'system.backup' ? { taskId: 't1' } : { total: 3, rows: [] };
    },
    subscribe: () => () => undefined,
    connectionState: () => 'open',
    onConnectionState: () => () => undefined,
    dispose: () => undefined,
  };
  return { transport, calls };
}

describe('client', () => {
  it('passes the operation name and input through, input optional where it has a default', async () => {
    const { transport, calls } = recordingTransport();
    const c = createClient(transport);
    const page = await c.call('docker.images.list', { offset: 0, limit: 50, sort: { field: 'size', direction: 'desc' } });
    expect(page.total).toBe(3);
    const started = await c.call('system.backup', { destination: '/tmp/b.db' });
    expect(started.taskId).toBe('t1');
    await c.call('system.status');
    expect(calls).toEqual([
      { op: 'docker.images.list', input: { offset: 0, limit: 50, sort: { field: 'size', direction: 'desc' } } },
      { op: 'system.backup', input: { destination: '/tmp/b.db' } },
      { op: 'system.status', input: undefined },
    ]);
  });

  it('rejects with an RpcError rebuilt from the envelope (code and message survive)', async () => {
    const transport = new IpcTransport({
      call: async () => ({ ok: false, error: { code: 'unavailable', message: 'Docker: permission denied on /var/run/docker.sock' } }),
      stream: () => undefined,
      onStreamMessage: () => () => undefined,
      platform: 'linux',
    });
    const error = await createClient(transport)
      .call('docker.status', { refresh: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe('unavailable');
    expect((error as RpcError).message).toBe('Docker: permission denied on /var/run/docker.sock');
  });
});
