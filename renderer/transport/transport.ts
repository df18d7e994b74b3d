// What the renderer needs from a wire to the core. Two implementations: Electron IPC and the
// web host (HTTP + one WebSocket). Nothing above this file knows which one it talks to.
import type { RpcError } from '../../shared/contracts/errors';

/**
 * connecting: the first connection is being made.  open: calls and streams flow.
 * reconnecting: the stream connection dropped; subscriptions are kept and re-sent on reconnect.
 * closed: the transport was disposed.
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface Transport {
  readonly kind: 'ipc' | 'web';
  /** Resolves with the operation's value; rejects with an RpcError (code and message kept). */
  call(op: string, input: unknown): Promise<unknown>;
  /** Starts a subscription; returns the function that ends it. onError ends it too. */
  subscribe(op: string, input: unknown, onValue: (value: unknown) => void, onError: (error: RpcError) => void): () => void;
  connectionState(): ConnectionState;
  /** Returns a function that removes the listener. */
  onConnectionState(listener: (state: ConnectionState) => void): () => void;
  dispose(): void;
}
