import { afterEach, describe, expect, it, vi } from 'vitest';
import { RpcError } from '../../shared/contracts/errors';
import { createClient, setClient } from '../transport/client';
import type { Transport } from '../transport/transport';
import { keepSubscribed } from './stream-feed';

function fakeTransport() {
  const subs: { op: string; onValue: (v: unknown) => void; onError: (e: RpcError) => void; stopped: boolean }[] = [];
  const transport: Transport = {
    kind: 'web',
    call: async () => null,
    subscribe: (op, _input, onValue, onError) => {
      const sub = { op, onValue, onError, stopped: false };
      subs.push(sub);
      return () => void (sub.stopped = true);
    },
    connectionState: () => 'open',
    onConnectionState: () => () => undefined,
    dispose: () => undefined,
  };
  return { transport, subs };
}

afterEach(() => {
  setClient(null);
  vi.useRealTimers();
});

describe('keepSubscribed', () => {
  it('subscribes again after the core ends the stream with an error, waiting longer each time', () => {
    vi.useFakeTimers();
    const { transport, subs } = fakeTransport();
    setClient(createClient(transport));
    const values: unknown[] = [];
    const errors: string[] = [];
    const stop = keepSubscribed('docker.changes', {}, (v) => values.push(v), (e) => errors.push(e.code));

    expect(subs).toHaveLength(1);
    subs[0]!.onError(new RpcError('unavailable', 'Docker is not running'));
    expect(errors).toEqual(['unavailable']);
    vi.advanceTimersByTime(1999);
    expect(subs).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(subs).toHaveLength(2); // after 2 s

    subs[1]!.onError(new RpcError('unavailable', 'still down'));
    vi.advanceTimersByTime(3999);
    expect(subs).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(subs).toHaveLength(3); // after 4 s

    subs[2]!.onValue({ kind: 'image', action: 'pull', id: null, at: 'now' });
    expect(values).toHaveLength(1);

    stop();
    expect(subs[2]!.stopped).toBe(true);
  });

  it('does not come back after stop, even if an error was pending', () => {
    vi.useFakeTimers();
    const { transport, subs } = fakeTransport();
    setClient(createClient(transport));
    const stop = keepSubscribed('tasks.updates', {}, () => undefined);
    subs[0]!.onError(new RpcError('internal', 'x'));
    stop();
    vi.advanceTimersByTime(120_000);
    expect(subs).toHaveLength(1);
  });
});
