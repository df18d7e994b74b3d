// The wire between a renderer and the core, the same for Electron IPC and the web host.
//   calls:   { op, input } -> RpcResult            (IPC: invoke 'vigil:call'; web: POST /api/call)
//   streams: ClientStreamMessage / ServerStreamMessage (IPC: 'vigil:stream' channel; web: WebSocket /api/stream)
import { z } from 'zod';
import type { RpcErrorShape, RpcResult } from './errors';

export const callRequestSchema = z.object({ op: z.string().min(1).max(200), input: z.unknown().optional() });
export type CallRequest = z.infer<typeof callRequestSchema>;

export const clientStreamMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), id: z.string().min(1).max(100), op: z.string().min(1).max(200), input: z.unknown().optional() }),
  z.object({ type: z.literal('unsubscribe'), id: z.string().min(1).max(100) }),
]);
export type ClientStreamMessage = z.infer<typeof clientStreamMessageSchema>;

export type ServerStreamMessage =
  | { type: 'next'; id: string; value: unknown }
  | { type: 'error'; id: string; error: RpcErrorShape };

/** Paths of the web host. */
export const webPaths = { call: '/api/call', stream: '/api/stream', health: '/api/health' } as const;
export const TOKEN_COOKIE = 'vigil_token';
export const TOKEN_HEADER = 'x-vigil-token';

/** The renderer's Content-Security-Policy, sent by the web host and by Electron's app:// protocol. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
