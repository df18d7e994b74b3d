import { describe, expect, it } from 'vitest';
import { RpcError } from '../../shared/contracts/errors';
import { TOKEN_HEADER, webPaths } from '../../shared/contracts/transport';
import type { ConnectionState } from './transport';
import { WebTransport, type FetchLike, type WebSocketLike } from './web-transport';
import { TOKEN_STORAGE_KEY } from './web-token';

class FakeSocket implements WebSocketLike {
  static instances: FakeSocket[] = [];
  readyState = 0;
  onopen: ((event: unknown) => void) | null = null;
  onclose: ((event: unknown) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  sent: unknown[] = [];
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  send(data: string) {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
    this.readyState = 3;
  }
  // test controls
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({ code: 1006 });
  }
  receive(message: unknown) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

function memoryStorage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

function setup(options: { search?: string; protocol?: string; fetch?: FetchLike; storage?: ReturnType<typeof memoryStorage> } = {}) {
  FakeSocket.instances = [];
  const timers: { callback: () => void; ms: number }[] = [];
  const replaced: string[] = [];
  const storage = options.storage ?? memoryStorage();
  const transport = new WebTransport({
    location: { protocol: options.protocol ?? 'http:', host: '127.0.0.1:7070', pathname: '/', search: options.search ?? '', hash: '#/images' },
    fetch: options.fetch ?? (async () => ({ ok: true, status: 200, statusText: 'OK', json: async () => ({ ok: true, value: null }) })),
    WebSocket: FakeSocket,
    storage,
    history: { replaceState: (_d, _u, url) => void replaced.push(String(url)) },
    random: () => 0.5,
    setTimeout: (callback, ms) => {
      timers.push({ callback, ms });
      return timers.length;
    },
    clearTimeout: () => undefined,
  });
  const states: ConnectionState[] = [];
  transport.onConnectionState((s) => states.push(s));
  const socket = () => FakeSocket.instances[FakeSocket.instances.length - 1]!;
  const runTimers = () => {
    const due = timers.splice(0);
    for (const t of due) t.callback();
    return due.map((t) => t.ms);
  };
  return { transport, timers, runTimers, states, socket, replaced, storage };
}

describe('WebTransport streams', () => {
  it('opens one socket on the same origin and multiplexes subscriptions by id', () => {
    const { transport, socket } = setup();
    const a: unknown[] = [];
    const b: unknown[] = [];
    transport.subscribe('tasks.updates', {}, (v) => a.push(v), () => undefined);
    transport.subscribe('docker.changes', undefined, (v) => b.push(v), () => undefined);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(socket().url).toBe(`ws://127.0.0.1:7070${webPaths.stream}`);
    socket().open();
    const subs = socket().sent as { type: string; id: string; op: string }[];
    expect(subs.map((m) => [m.type, m.op])).toEqual([
      ['subscribe', 'tasks.updates'],
      ['subscribe', 'docker.changes'],
    ]);
    expect(subs[0]!.id).not.toBe(subs[1]!.id);
    socket().receive({ type: 'next', id: subs[1]!.id, value: { kind: 'image' } });
    socket().receive({ type: 'next', id: subs[0]!.id, value: 1 });
    socket().receive({ type: 'next', id: subs[0]!.id, value: 2 });
    socket().receive({ type: 'next', id: 'unknown', value: 3 });
    expect(a).toEqual([1, 2]);
    expect(b).toEqual([{ kind: 'image' }]);
  });

  it('uses wss on https pages', () => {
    const { transport, socket } = setup({ protocol: 'https:' });
    transport.connect();
    expect(socket().url.startsWith('wss://127.0.0.1:7070/')).toBe(true);
  });

  it('adds the token to the stream URL when it has one (a WebSocket cannot send headers)', () => {
    const { transport, socket } = setup({ search: '?token=a%2Bb' });
    transport.connect();
    expect(socket().url).toBe(`ws://127.0.0.1:7070${webPaths.stream}?token=a%2Bb`);
  });

  it('sends subscribe immediately once open and unsubscribe when the caller stops', () => {
    const { transport, socket } = setup();
    transport.connect();
    socket().open();
    const values: unknown[] = [];
    const stop = transport.subscribe('tasks.updates', {}, (v) => values.push(v), () => undefined);
    const [sub] = socket().sent as { id: string }[];
    stop();
    stop(); // twice is harmless
    expect(socket().sent).toEqual([
      { type: 'subscribe', id: sub!.id, op: 'tasks.updates', input: {} },
      { type: 'unsubscribe', id: sub!.id },
    ]);
    socket().receive({ type: 'next', id: sub!.id, value: 'late' });
    expect(values).toEqual([]);
  });

  it('ends a subscription with an RpcError carrying code and message', () => {
    const { transport, socket } = setup();
    const errors: RpcError[] = [];
    const values: unknown[] = [];
    transport.subscribe('docker.changes', {}, (v) => values.push(v), (e) => errors.push(e));
    socket().open();
    const [sub] = socket().sent as { id: string }[];
    socket().receive({ type: 'error', id: sub!.id, error: { code: 'unavailable', message: 'Docker is not running' } });
    socket().receive({ type: 'next', id: sub!.id, value: 'after error' });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(RpcError);
    expect(errors[0]!.code).toBe('unavailable');
    expect(errors[0]!.message).toBe('Docker is not running');
    expect(values).toEqual([]);
  });

  it('ignores malformed frames', () => {
    const { transport, socket } = setup();
    const values: unknown[] = [];
    transport.subscribe('tasks.updates', {}, (v) => values.push(v), () => undefined);
    socket().open();
    socket().onmessage?.({ data: 'not json' });
    socket().onmessage?.({ data: JSON.stringify({ type: 'bogus', id: 'w1' }) });
    expect(values).toEqual([]);
  });

  it('reconnects with growing backoff and re-subscribes everything still active', () => {
    const { transport, socket, runTimers, states } = setup();
    const values: unknown[] = [];
    transport.subscribe('tasks.updates', {}, (v) => values.push(v), () => undefined);
    const stopped = transport.subscribe('docker.changes', {}, () => undefined, () => undefined);
    const first = socket();
    first.open();
    expect(transport.connectionState()).toBe('open');

    first.drop();
    expect(transport.connectionState()).toBe('reconnecting');
    stopped(); // unsubscribed while disconnected: must not come back
    expect(runTimers()).toEqual([500]);
    const second = socket();
    expect(second).not.toBe(first);
    second.drop(); // the host is still down
    expect(runTimers()).toEqual([1000]);
    const third = socket();
    third.open();
    expect(transport.connectionState()).toBe('open');
    expect(third.sent).toEqual([{ type: 'subscribe', id: expect.any(String), op: 'tasks.updates', input: {} }]);
    const [sub] = third.sent as { id: string }[];
    third.receive({ type: 'next', id: sub!.id, value: 'back' });
    expect(values).toEqual(['back']);
    expect(states).toEqual(['open', 'reconnecting', 'open']);

    // the backoff starts over after a successful connection
    third.drop();
    expect(runTimers()).toEqual([500]);
  });

  it('ignores events from a socket it already replaced', () => {
    const { transport, socket, runTimers } = setup();
    const values: unknown[] = [];
    transport.subscribe('tasks.updates', {}, (v) => values.push(v), () => undefined);
    const first = socket();
    first.open();
    const [sub] = first.sent as { id: string }[];
    first.drop();
    runTimers();
    first.receive({ type: 'next', id: sub!.id, value: 'ghost' });
    first.onclose?.({});
    expect(values).toEqual([]);
    expect(FakeSocket.instances).toHaveLength(2);
  });

  it('dispose closes the socket and stops reconnecting', () => {
    const { transport, socket, timers } = setup();
    transport.subscribe('tasks.updates', {}, () => undefined, () => undefined);
    socket().open();
    transport.dispose();
    expect(socket().closed).toBe(true);
    expect(transport.connectionState()).toBe('closed');
    expect(timers).toHaveLength(0);
  });
});

describe('WebTransport calls', () => {
  it('POSTs {op, input} to /api/call with the token header and returns the value', async () => {
    const requests: { url: string; init: Parameters<FetchLike>[1] }[] = [];
    const { transport, replaced, storage } = setup({
      search: '?token=abc123&x=1',
      fetch: async (url, init) => {
        requests.push({ url, init });
        return { ok: true, status: 200, statusText: 'OK', json: async () => ({ ok: true, value: { role: 'administrator' } }) };
      },
    });
    await expect(transport.call('system.status', {})).resolves.toEqual({ role: 'administrator' });
    expect(requests).toHaveLength(1);
    expect(requests[0]!.url).toBe(webPaths.call);
    expect(requests[0]!.init.method).toBe('POST');
    expect(requests[0]!.init.credentials).toBe('same-origin');
    expect(requests[0]!.init.headers['content-type']).toBe('application/json');
    expect(requests[0]!.init.headers[TOKEN_HEADER]).toBe('abc123');
    expect(JSON.parse(requests[0]!.init.body)).toEqual({ op: 'system.status', input: {} });
    expect(replaced).toEqual(['/?x=1#/images']);
    expect(storage.map.get(TOKEN_STORAGE_KEY)).toBe('abc123');
  });

  it('rebuilds the RpcError from an error envelope', async () => {
    const { transport } = setup({
      fetch: async () => ({
        ok: false,
        status: 403,
        statusText: 'Forbidden',
        json: async () => ({ ok: false, error: { code: 'forbidden', message: 'this session is read-only' } }),
      }),
    });
    const error = await transport.call('settings.update', { theme: 'dark' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'forbidden', message: 'this session is read-only' });
  });

  it('reports a network failure as unavailable and a non-JSON 401 as unauthorized', async () => {
    const down = setup({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(down.transport.call('system.status', {})).rejects.toMatchObject({ code: 'unavailable' });
    const noToken = setup({
      fetch: async () => ({
        ok: false,
        status: 401,
        statusText: 'Unauthorized',
        json: async () => {
          throw new SyntaxError('Unexpected token');
        },
      }),
    });
    await expect(noToken.transport.call('system.status', {})).rejects.toMatchObject({ code: 'unauthorized' });
  });

  it('takes the token from sessionStorage after a reload', async () => {
    const headers: Record<string, string>[] = [];
    const { transport, replaced } = setup({
      storage: memoryStorage({ [TOKEN_STORAGE_KEY]: 'saved' }),
      fetch: async (_url, init) => {
        headers.push(init.headers);
        return { ok: true, status: 200, statusText: 'OK', json: async () => ({ ok: true, value: 1 }) };
      },
    });
    await transport.call('system.status', {});
    expect(headers[0]![TOKEN_HEADER]).toBe('saved');
    expect(replaced).toEqual([]);
  });
});
