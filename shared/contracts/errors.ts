// The one error envelope that crosses every transport (IPC, HTTP, WebSocket, CLI).
import { z } from 'zod';

export const errorCodes = [
  'invalid_input', // input failed its schema; message names the field
  'unknown_operation',
  'forbidden', // the caller's role may not do this
  'unauthorized', // no or wrong token (web host)
  'not_found',
  'conflict',
  'unavailable', // a dependency (Docker, the store) cannot be reached; message says why
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const rpcErrorShape = z.object({
  code: z.enum(errorCodes),
  message: z.string(),
  details: z.unknown().optional(),
});
export type RpcErrorShape = z.infer<typeof rpcErrorShape>;

export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toShape(): RpcErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  static fromShape(shape: RpcErrorShape): RpcError {
    return new RpcError(shape.code, shape.message, shape.details);
  }

  /** Anything thrown becomes an envelope; unknown errors keep their message, never a stack. */
  static from(error: unknown): RpcError {
    if (error instanceof RpcError) return error;
    const parsed = rpcErrorShape.safeParse(error);
    if (parsed.success) return RpcError.fromShape(parsed.data);
    const message = error instanceof Error ? error.message : String(error);
    return new RpcError('internal', message);
  }
}

export type RpcResult<T> = { ok: true; value: T } | { ok: false; error: RpcErrorShape };
