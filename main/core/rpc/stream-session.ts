// One client's subscriptions (a WebSocket, or a window over IPC): subscribe/unsubscribe by the
// client's id, forward values and errors, and drop everything when the client goes away.
import { RpcError } from '../../../shared/contracts/errors';
import { clientStreamMessageSchema, type ServerStreamMessage } from '../../../shared/contracts/transport';
import type { Operation } from '../../../shared/contracts/operation';
import type { Caller } from './caller';
import type { RpcServer } from './rpc-server';

const MAX_SUBSCRIPTIONS = 256;

export class StreamSession {
  private readonly subscriptions = new Map<string, () => void>();
  private closed = false;

  constructor(
    private readonly server: RpcServer<Record<string, Operation>>,
    private readonly caller: Caller,
    private readonly send: (message: ServerStreamMessage) => void,
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
      this.subscriptions.get(message.id)?.();
      this.subscriptions.delete(message.id);
      return;
    }
    if (this.subscriptions.has(message.id)) {
      this.send({ type: 'error', id: message.id, error: new RpcError('conflict', `subscription id ${message.id} is already in use`).toShape() });
      return;
    }
    if (this.subscriptions.size >= MAX_SUBSCRIPTIONS) {
      this.send({ type: 'error', id: message.id, error: new RpcError('conflict', `too many subscriptions (limit ${MAX_SUBSCRIPTIONS})`).toShape() });
      return;
    }
    const id = message.id;
    const result = this.server.subscribe(this.caller, message.op, message.input, {
      next: (value) => this.send({ type: 'next', id, value }),
      error: (error) => {
        this.send({ type: 'error', id, error: error.toShape() });
        this.subscriptions.delete(id);
      },
    });
    if (result.ok) this.subscriptions.set(id, result.value);
    else this.send({ type: 'error', id, error: result.error });
  }

  get size(): number {
    return this.subscriptions.size;
  }

  close(): void {
    this.closed = true;
    for (const stop of this.subscriptions.values()) stop();
    this.subscriptions.clear();
  }
}
