// One client's subscriptions (a WebSocket, or a window over IPC): subscribe/unsubscribe by the
// client's id, forward values and errors, and drop everything when the client goes away.
import { RpcError, type RpcResult } from '../../../shared/contracts/errors';
import { clientStreamMessageSchema, type ServerStreamMessage } from '../../../shared/contracts/transport';
import type { Caller } from './caller';
import type { StreamSink } from './rpc-server';

/** The part of the RpcServer a transport uses. */
export interface RpcEndpoint {
  call(caller: Caller, op: string, input: unknown): Promise<RpcResult<unknown>>;
  subscribe(caller: Caller, op: string, input: unknown, sink: StreamSink): RpcResult<() => void>;
}

const MAX_SUBSCRIPTIONS = 256;

function stopQuietly(stop: () => void): void {
  try {
    stop();
  } catch {
    // A handler that fails to stop must not keep the others alive.
  }
}

export class StreamSession {
  private readonly subscriptions = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly server: RpcEndpoint,
    private readonly caller: Caller,
    private readonly send: (message: ServerStreamMessage) => void,
    private readonly maxSubscriptions = MAX_SUBSCRIPTIONS,
  ) {}

  /** Handle one message from the client; malformed messages get an error, never a crash. */
  receive(raw: unknown): void {
    if (this.closed) return;
    const parsed = clientStreamMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '';
      this.send({ type: 'error', id, error: new RpcError('invalid_input', `stream message: ${parsed.error.issues[0]?.message ?? 'malformed'}`).toShape() });
      return;
    }
    const message = parsed.data;
    if (message.type === 'unsubscribe') {
      const stop = this.subscriptions.get(message.id);
      this.subscriptions.delete(message.id);
      if (stop) stopQuietly(stop);
      return;
    }
    if (this.subscriptions.has(message.id)) {
      this.send({ type: 'error', id: message.id, error: new RpcError('conflict', `subscription id ${message.id} is already in use`).toShape() });
      return;
    }
    if (this.subscriptions.size >= this.maxSubscriptions) {
      this.send({ type: 'error', id: message.id, error: new RpcError('conflict', `too many open subscriptions (${this.maxSubscriptions})`).toShape() });
      return;
    }
    const id = message.id;
    let ended = false;
    const result = this.server.subscribe(this.caller, message.op, message.input, {
      next: (value) => {
        if (!ended) this.send({ type: 'next', id, value });
      },
      error: (error) => {
        // The server ended this subscription itself: forget it so the id can be reused.
        if (ended) return;
        ended = true;
        this.subscriptions.delete(id);
        this.send({ type: 'error', id, error: error.toShape() });
      },
    });
    if (!result.ok) this.send({ type: 'error', id, error: result.error });
    else if (ended) stopQuietly(result.value);
    else this.subscriptions.set(id, result.value);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  close(): void {
    this.closed = true;
    const open = [...this.subscriptions.values()];
    this.subscriptions.clear();
    for (const stop of open) stopQuietly(stop);
  }
}
