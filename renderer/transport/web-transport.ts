// The browser wire to `vigil serve`: calls are POST /api/call, all streams share ONE WebSocket
// to /api/stream, multiplexed by subscription id. When the socket drops, subscriptions are kept,
// the socket is reopened with backoff and every subscription is sent again.
import { RpcError } from '../../shared/contracts/errors';
import { TOKEN_HEADER, webPaths, type ClientStreamMessage } from '../../shared/contracts/transport';
import { backoffDelay, defaultBackoff, type BackoffOptions } from './backoff';
import { toRpcError, unwrapResult } from './rpc-result';
import { SubscriptionRegistry, parseServerMessage } from './subscription-registry';
import type { ConnectionState, Transport } from './transport';
import { takeToken, type TokenHistory, type TokenLocation, type TokenStorage } from './web-token';

/** The part of the browser's WebSocket this transport uses (tests inject a fake). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketFactory = new (url: string) => WebSocketLike;

const WS_OPEN = 1;

export interface FetchResponseLike {
  readonly ok: boolean;
  readonly status: number;
  readonly statusText: string;
  json(): Promise<unknown>;
}
export type FetchLike = (
  url: string,
  init: { method: string; credentials: 'same-origin'; headers: Record<string, string>; body: string },
) => Promise<FetchResponseLike>;

export interface WebTransportOptions {
  location: TokenLocation & { readonly protocol: string; readonly host: string };
  fetch: FetchLike;
  WebSocket: WebSocketFactory;
  storage?: TokenStorage | null;
  history?: TokenHistory | null;
  backoff?: BackoffOptions;
  random?: () => number;
  setTimeout?: (callback: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

export class WebTransport implements Transport {
  readonly kind = 'web' as const;
  private readonly registry = new SubscriptionRegistry('w');
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private readonly token: string | null;
  private readonly streamUrl: string;
  private socket: WebSocketLike | null = null;
  private state: ConnectionState = 'connecting';
  private attempt = 0;
  private reconnectTimer: unknown = null;
  private disposed = false;

  constructor(private readonly options: WebTransportOptions) {
    this.token = takeToken(options.location, options.storage ?? null, options.history ?? null);
    const scheme = options.location.protocol === 'https:' ? 'wss:' : 'ws:';
    // A WebSocket cannot carry headers: the cookie normally authenticates it, the query is the fallback.
    const query = this.token ? `?token=${encodeURIComponent(this.token)}` : '';
    this.streamUrl = `${scheme}//${options.location.host}${webPaths.stream}${query}`;
  }

  /** Builds the transport from the page's own globals. */
  static fromWindow(win: Window & typeof globalThis = window): WebTransport {
    let storage: TokenStorage | null = null;
    try {
      storage = win.sessionStorage;
    } catch {
      storage = null;
    }
    return new WebTransport({
      location: win.location,
      fetch: (url, init) => win.fetch(url, init),
      WebSocket: win.WebSocket as unknown as WebSocketFactory,
      storage,
      history: win.history,
    });
  }

  async call(op: string, input: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers[TOKEN_HEADER] = this.token;
    let response: FetchResponseLike;
    try {
      response = await this.options.fetch(webPaths.call, {
        method: 'POST',
        credentials: 'same-origin',
        headers,
        body: JSON.stringify({ op, input }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new RpcError('unavailable', `cannot reach the Vigil web host (${reason}); is "vigil serve" still running?`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw httpError(response);
    }
    if (typeof body === 'object' && body !== null && 'ok' in body) return unwrapResult(body, op);
    if (typeof body === 'object' && body !== null && 'code' in body) throw toRpcError(body);
    if (typeof body === 'object' && body !== null && 'error' in body) throw toRpcError((body as { error: unknown }).error);
    throw httpError(response);
  }

  subscribe(op: string, input: unknown, onValue: (value: unknown) => void, onError: (error: RpcError) => void): () => void {
    if (this.disposed) throw new RpcError('unavailable', 'the connection to the core was closed');
    const subscription = this.registry.add(op, input, onValue, onError);
    this.ensureSocket();
    this.send({ type: 'subscribe', id: subscription.id, op, input });
    return () => {
      if (this.registry.remove(subscription.id)) this.send({ type: 'unsubscribe', id: subscription.id });
    };
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the stream socket now (it otherwise opens with the first subscription). */
  connect(): void {
    this.ensureSocket();
  }

  dispose(): void {
    this.disposed = true;
    this.cancelReconnect();
    this.registry.clear();
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, 'renderer closed');
    this.setState('closed');
  }

  private ensureSocket(): void {
    if (this.socket || this.disposed || this.reconnectTimer !== null) return;
    let socket: WebSocketLike;
    try {
      socket = new this.options.WebSocket(this.streamUrl);
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.attempt = 0;
      this.setState('open');
      // Everything the page still listens to, including what was asked while disconnected.
      for (const subscription of this.registry.all()) {
        this.send({ type: 'subscribe', id: subscription.id, op: subscription.op, input: subscription.input });
      }
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      const message = parseServerMessage(event.data);
      if (message) this.registry.dispatch(message);
    };
    socket.onerror = () => {
      // A close event follows; reconnecting happens there.
    };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = null;
      if (this.disposed) return;
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    this.setState('reconnecting');
    const delay = backoffDelay(this.attempt, this.options.backoff ?? defaultBackoff, this.options.random);
    this.attempt += 1;
    const set = this.options.setTimeout ?? ((callback: () => void, ms: number) => globalThis.setTimeout(callback, ms));
    this.reconnectTimer = set(() => {
      this.reconnectTimer = null;
      this.ensureSocket();
    }, delay);
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer === null) return;
    const clear = this.options.clearTimeout ?? ((handle: unknown) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
    clear(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private send(message: ClientStreamMessage): void {
    const socket = this.socket;
    if (!socket || socket.readyState !== WS_OPEN) return; // sent on (re)open
    socket.send(JSON.stringify(message));
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

function httpError(response: FetchResponseLike): RpcError {
  const code = response.status === 401 ? 'unauthorized' : response.status === 403 ? 'forbidden' : response.status === 404 ? 'not_found' : 'internal';
  const hint = response.status === 401 ? ' — open the address that "vigil serve" printed (it carries the token)' : '';
  return new RpcError(code, `the web host answered HTTP ${response.status} ${response.statusText}${hint}`.trim());
}
