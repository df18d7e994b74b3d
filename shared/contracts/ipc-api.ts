// The IPC side of the wire, kept free of zod so the sandboxed preload stays small.
import type { RpcResult } from './errors';
import type { CallRequest, ClientStreamMessage, ServerStreamMessage } from './transport';

/** IPC channel names, and the shape of the object the preload exposes as window.vigil. */
export const ipcChannels = { call: 'vigil:call', stream: 'vigil:stream', streamMessage: 'vigil:stream-message' } as const;

export interface PreloadApi {
  readonly call: (request: CallRequest) => Promise<RpcResult<unknown>>;
  readonly stream: (message: ClientStreamMessage) => void;
  /** Returns a function that removes the listener. */
  readonly onStreamMessage: (listener: (message: ServerStreamMessage) => void) => () => void;
  readonly platform: string;
}
