// Turns what crosses the wire back into a value or a thrown RpcError, keeping code and message.
import { RpcError, rpcErrorShape } from '../../shared/contracts/errors';

/** Unwraps an RpcResult envelope ({ ok, value } | { ok: false, error }). */
export function unwrapResult(result: unknown, op: string): unknown {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const envelope = result as { ok: unknown; value?: unknown; error?: unknown };
    if (envelope.ok === true) return envelope.value;
    if (envelope.ok === false) throw toRpcError(envelope.error);
  }
  throw new RpcError('internal', `${op}: the core sent a reply that is not an RpcResult envelope`);
}

/** Anything (an envelope's error, a rejected IPC promise, a network failure) as an RpcError. */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  const parsed = rpcErrorShape.safeParse(error);
  if (parsed.success) return RpcError.fromShape(parsed.data);
  if (error instanceof Error) return new RpcError('internal', error.message);
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return new RpcError('internal', (error as { message: string }).message);
  }
  return new RpcError('internal', typeof error === 'string' ? error : 'unknown error');
}
