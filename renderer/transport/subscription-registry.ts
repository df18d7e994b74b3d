// The subscriptions a transport multiplexes over one channel, by id, and the routing of the
// server's stream messages back to them.
import type { ServerStreamMessage } from '../../shared/contracts/transport';
import type { RpcError } from '../../shared/contracts/errors';
import { toRpcError } from './rpc-result';

export interface Subscription {
  readonly id: string;
  readonly op: string;
  readonly input: unknown;
  readonly onValue: (value: unknown) => void;
  readonly onError: (error: RpcError) => void;
}

export class SubscriptionRegistry {
  private readonly subscriptions = new Map<string, Subscription>();
  private counter = 0;

  constructor(private readonly prefix = 's') {}

  add(op: string, input: unknown, onValue: Subscription['onValue'], onError: Subscription['onError']): Subscription {
    this.counter += 1;
    const subscription: Subscription = { id: `${this.prefix}${this.counter}`, op, input, onValue, onError };
    this.subscriptions.set(subscription.id, subscription);
    return subscription;
  }

  /** True when the id was still active. */
  remove(id: string): boolean {
    return this.subscriptions.delete(id);
  }

  has(id: string): boolean {
    return this.subscriptions.has(id);
  }

  all(): Subscription[] {
    return [...this.subscriptions.values()];
  }

  get size(): number {
    return this.subscriptions.size;
  }

  /** Routes one server message. An error ends its subscription. Unknown ids are ignored (late messages). */
  dispatch(message: ServerStreamMessage): void {
    const subscription = this.subscriptions.get(message.id);
    if (!subscription) return;
    if (message.type === 'next') {
      subscription.onValue(message.value);
    } else if (message.type === 'error') {
      this.subscriptions.delete(message.id);
      subscription.onError(toRpcError(message.error));
    }
  }

  clear(): void {
    this.subscriptions.clear();
  }
}

/** Checks the shape of a message that came off the wire (the server is trusted, the wire is not parsed blindly). */
export function parseServerMessage(data: unknown): ServerStreamMessage | null {
  let value: unknown = data;
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data);
    } catch {
      return null;
    }
  }
  if (typeof value !== 'object' || value === null) return null;
  const message = value as { type?: unknown; id?: unknown; value?: unknown; error?: unknown };
  if (typeof message.id !== 'string') return null;
  if (message.type === 'next') return { type: 'next', id: message.id, value: message.value };
  if (message.type === 'error') return { type: 'error', id: message.id, error: toRpcError(message.error).toShape() };
  return null;
}
