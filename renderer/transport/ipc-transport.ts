// The desktop wire: the preload's frozen window.vigil object (PreloadApi) over Electron IPC.
import type { RpcError } from '../../shared/contracts/errors';
import type { PreloadApi } from '../../shared/contracts/ipc-api';
import { toRpcError, unwrapResult } from './rpc-result';
import { SubscriptionRegistry, parseServerMessage } from './subscription-registry';
import type { ConnectionState, Transport } from './transport';

export class IpcTransport implements Transport {
  readonly kind = 'ipc' as const;
  private readonly registry = new SubscriptionRegistry('ipc');
  private readonly removeListener: () => void;
  private state: ConnectionState = 'open';
  private readonly listeners = new Set<(state: ConnectionState) => void>();

  constructor(private readonly api: PreloadApi) {
    this.removeListener = api.onStreamMessage((message) => {
      const parsed = parseServerMessage(message);
      if (parsed) this.registry.dispatch(parsed);
    });
  }

  async call(op: string, input: unknown): Promise<unknown> {
    let result: unknown;
    try {
      result = await this.api.call({ op, input });
    } catch (error) {
      throw toRpcError(error);
    }
    return unwrapResult(result, op);
  }

  subscribe(op: string, input: unknown, onValue: (value: unknown) => void, onError: (error: RpcError) => void): () => void {
    const subscription = this.registry.add(op, input, onValue, onError);
    this.api.stream({ type: 'subscribe', id: subscription.id, op, input });
    return () => {
      if (this.registry.remove(subscription.id)) this.api.stream({ type: 'unsubscribe', id: subscription.id });
    };
  }

  connectionState(): ConnectionState {
    return this.state;
  }

  onConnectionState(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispose(): void {
    for (const subscription of this.registry.all()) this.api.stream({ type: 'unsubscribe', id: subscription.id });
    this.registry.clear();
    this.removeListener();
    this.state = 'closed';
    for (const listener of this.listeners) listener(this.state);
  }
}
