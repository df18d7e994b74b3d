import { PassThrough, type Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReconnectingEventFeed, type EventFeedOptions } from './docker-events';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function harness(open: (signal: AbortSignal, attempt: number) => Promise<Readable>, extra: Partial<EventFeedOptions> = {}) {
  const log: string[] = [];
  const events: Record<string, unknown>[] = [];
  const retries: number[] = [];
  let attempts = 0;
  const feed = new ReconnectingEventFeed({
    open: (signal) => open(signal, ++attempts),
    onEvent: (e) => events.push(e),
    onConnected: () => log.push('connected'),
    onDisconnected: (error) => log.push(`disconnected: ${error.message}`),
    onConnectFailed: (_error, retryInMs) => retries.push(retryInMs),
    backoff: { initialMs: 100, maxMs: 1000 },
    connectTimeoutMs: 500,
    stableAfterMs: 2000,
    ...extra,
  });
  return { feed, log, events, retries, attempts: () => attempts };
}

const refused = () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

describe('ReconnectingEventFeed', () => {
  it('retries a failing open with exponential backoff up to the maximum', async () => {
    const h = harness(refused);
    h.feed.start();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800 + 1000 + 1000);
    expect(h.retries.slice(0, 7)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(h.attempts()).toBe(7);
    h.feed.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('delivers decoded events and reconnects when the stream ends; a stable stream resets the backoff', async () => {
    const streams: PassThrough[] = [];
    const h = harness(async () => {
      const s = new PassThrough();
      streams.push(s);
      return s;
    });
    h.feed.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.log).toEqual(['connected']);
    expect(h.feed.connected).toBe(true);
    streams[0]!.write('{"Type":"image","Act');
    streams[0]!.write('ion":"tag"}\nnonsense\n{"n":2}\n');
    await vi.advanceTimersByTimeAsync(0);
    expect(h.events).toEqual([{ Type: 'image', Action: 'tag' }, { n: 2 }]);

    await vi.advanceTimersByTimeAsync(5000); // stable
    streams[0]!.end();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.log).toEqual(['connected', 'disconnected: the engine closed its event stream']);
    expect(h.feed.connected).toBe(false);
    await vi.advanceTimersByTimeAsync(100); // first step of the backoff again
    expect(h.log.at(-1)).toBe('connected');
    expect(streams).toHaveLength(2);
    h.feed.stop();
    expect(streams[1]!.destroyed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a server that accepts and at once hangs up is retried ever more slowly, not in a loop', async () => {
    const h = harness(async () => {
      const s = new PassThrough();
      setTimeout(() => s.end(), 0);
      return s;
    });
    h.feed.start();
    await vi.advanceTimersByTimeAsync(100 + 200 + 400 + 800);
    expect(h.attempts()).toBeLessThanOrEqual(5);
    h.feed.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('an open that hangs is aborted after the connect timeout, then retried', async () => {
    const signals: AbortSignal[] = [];
    const h = harness(
      (signal) =>
        new Promise<Readable>((_resolve, reject) => {
          signals.push(signal);
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    h.feed.start();
    await vi.advanceTimersByTimeAsync(500);
    expect(signals[0]!.aborted).toBe(true);
    expect(h.retries).toEqual([100]);
    h.feed.stop();
    expect(signals.at(-1)!.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() while an open is in flight destroys the stream it yields and never reports it', async () => {
    let resolveOpen: (s: Readable) => void = () => undefined;
    const h = harness(() => new Promise<Readable>((resolve) => (resolveOpen = resolve)));
    h.feed.start();
    h.feed.stop();
    const late = new PassThrough();
    resolveOpen(late);
    await vi.advanceTimersByTimeAsync(0);
    expect(late.destroyed).toBe(true);
    expect(h.log).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stop() during the backoff wait cancels the retry', async () => {
    const h = harness(refused);
    h.feed.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(vi.getTimerCount()).toBe(1);
    h.feed.stop();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(h.attempts()).toBe(1);
  });
});
