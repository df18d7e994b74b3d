// A long-lived JSON event stream that survives its server: it opens the stream, decodes events,
// and when the stream drops (the engine restarts, the socket goes) it reconnects with
// exponential backoff until stopped. stop() leaves nothing behind: no socket, no timer.
import type { Readable } from 'node:stream';
import { JsonLineDecoder } from './json-lines';

export interface EventFeedOptions {
  /** Open the stream; resolve once the server has answered (headers in). Honour the signal. */
  open(signal: AbortSignal): Promise<Readable>;
  onEvent(event: Record<string, unknown>): void;
  /** The stream is open; events from now on arrive (any before may have been missed). */
  onConnected(): void;
  /** An open stream ended or failed (not called after stop()). */
  onDisconnected(error: Error): void;
  /** An attempt to open failed; another follows after `retryInMs`. */
  onConnectFailed?(error: Error, retryInMs: number): void;
  backoff?: { initialMs: number; maxMs: number };
  /** How long open() may take before the attempt is abandoned. */
  connectTimeoutMs?: number;
  /** A stream that stayed up this long resets the backoff. */
  stableAfterMs?: number;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class ReconnectingEventFeed {
  private running = false;
  /** Each connection attempt has its own controller; a stale attempt sees it replaced. */
  private controller: AbortController | null = null;
  private stream: Readable | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;

  constructor(private readonly options: EventFeedOptions) {}

  get connected(): boolean {
    return this.stream !== null;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.failures = 0;
    void this.connect();
  }

  stop(): void {
    if (!this.running) return;
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.controller?.abort(new Error('stopped'));
    this.controller = null;
    const stream = this.stream;
    this.stream = null;
    stream?.destroy();
  }

  private delay(): number {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 250, maxMs: 15_000 };
    return Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 20));
  }

  private scheduleRetry(error: Error, announce: boolean): void {
    if (!this.running) return;
    const wait = this.delay();
    this.failures += 1;
    if (announce) this.options.onConnectFailed?.(error, wait);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait);
  }

  private async connect(): Promise<void> {
    if (!this.running) return;
    const controller = new AbortController();
    this.controller = controller;
    const current = () => this.running && this.controller === controller;
    const timeoutMs = this.options.connectTimeoutMs ?? 10_000;
    const timer = setTimeout(() => controller.abort(new Error(`the event stream did not open within ${timeoutMs} ms`)), timeoutMs);

    let stream: Readable;
    try {
      stream = await this.options.open(controller.signal);
    } catch (error) {
      clearTimeout(timer);
      if (current()) this.scheduleRetry(controller.signal.aborted ? asError(controller.signal.reason) : asError(error), true);
      return;
    }
    clearTimeout(timer);
    if (!current()) {
      stream.destroy();
      return;
    }

    this.stream = stream;
    const openedAt = Date.now();
    const decoder = new JsonLineDecoder();
    let finished = false;
    const deliver = (events: Record<string, unknown>[]) => {
      for (const event of events) {
        if (!current() || this.stream !== stream) return;
        this.options.onEvent(event);
      }
    };
    const finish = (error: Error) => {
      if (finished) return;
      finished = true;
      stream.destroy();
      if (this.stream === stream) this.stream = null;
      if (!current()) return;
      if (Date.now() - openedAt >= (this.options.stableAfterMs ?? 5_000)) this.failures = 0;
      this.options.onDisconnected(error);
      this.scheduleRetry(error, false);
    };
    stream.on('data', (chunk: Buffer | string) => deliver(decoder.push(chunk)));
    stream.on('end', () => {
      deliver(decoder.end());
      finish(new Error('the engine closed its event stream'));
    });
    stream.on('error', (error) => finish(asError(error)));
    stream.on('close', () => finish(new Error('the event stream was closed')));
    // The backoff is not reset here but when a stream proves stable (in finish), so a server
    // that accepts and at once hangs up is retried ever more slowly, not in a tight loop.
    this.options.onConnected();
  }
}
