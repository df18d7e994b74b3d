// `vigil serve`: the renderer and the RpcServer over HTTP (calls) and one WebSocket (streams),
// on 127.0.0.1 by default, behind a per-start token and Host/Origin checks.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { RpcError, type ErrorCode, type RpcResult } from '../../shared/contracts/errors';
import { callRequestSchema, contentSecurityPolicy, TOKEN_COOKIE, webPaths } from '../../shared/contracts/transport';
import type { Operation } from '../../shared/contracts/operation';
import type { Caller } from '../core/rpc/caller';
import type { RpcServer } from '../core/rpc/rpc-server';
import { StreamSession } from '../core/rpc/stream-session';
import { checkRequest, type GuardConfig } from './request-guard';
import { resolveStatic } from './static-files';

const MAX_BODY_BYTES = 1024 * 1024;
const HEARTBEAT_MS = 30_000;

export interface WebHostOptions {
  server: RpcServer<Record<string, Operation>>;
  rendererDir: string;
  caller: Omit<Caller, 'transport'>;
  host?: string;
  port?: number;
  token?: string;
}

export interface WebHost {
  url: string;
  /** The URL to open, with the token. */
  openUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const statusFor: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_operation: 404,
  forbidden: 403,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  cancelled: 409,
  internal: 500,
};

const securityHeaders = {
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...securityHeaders, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: RpcError): void {
  const envelope: RpcResult<never> = { ok: false, error: error.toShape() };
  sendJson(res, statusFor[error.code], envelope);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new RpcError('invalid_input', `request body is larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') {
        reject(new RpcError('conflict', `port ${port} on ${host} is already in use; choose another with --port, or leave --port out for a free one`));
      } else if (error.code === 'EACCES') {
        reject(new RpcError('forbidden', `port ${port} on ${host} needs privileges this user does not have; choose a port above 1024`));
      } else if (error.code === 'EADDRNOTAVAIL') {
        reject(new RpcError('invalid_input', `--host ${host} is not an address of this machine`));
      } else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const caller: Caller = { ...options.caller, transport: 'web' };
  const guard: GuardConfig = { host, port: 0, token, cookieName: TOKEN_COOKIE };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const verdict = checkRequest(req, guard);
    if (!verdict.ok) {
      sendError(res, new RpcError(verdict.status === 401 ? 'unauthorized' : 'forbidden', verdict.reason));
      return;
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname === webPaths.call) {
      if (req.method !== 'POST') return sendError(res, new RpcError('invalid_input', `${webPaths.call} takes POST`));
      let request;
      try {
        const text = await readBody(req);
        request = callRequestSchema.parse(JSON.parse(text));
      } catch (error) {
        const message = error instanceof RpcError ? error.message : `request body: not a JSON object {"op": string, "input": …} (${(error as Error).message})`;
        return sendError(res, new RpcError('invalid_input', message));
      }
      const result = await options.server.call(caller, request.op, request.input);
      return result.ok ? sendJson(res, 200, result) : sendJson(res, statusFor[result.error.code], result);
    }
    if (url.pathname === webPaths.health) return sendJson(res, 200, { ok: true });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, new RpcError('invalid_input', `${req.method} is not allowed here`));
    const file = resolveStatic(options.rendererDir, url.pathname);
    if (!file) return sendError(res, new RpcError('not_found', `${url.pathname} not found`));
    const headers: Record<string, string> = { ...securityHeaders, 'content-type': file.type, 'cache-control': 'no-store' };
    if (verdict.tokenFromQuery) {
      headers['set-cookie'] = `${guard.cookieName}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
    }
    res.writeHead(200, headers);
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file.file).pipe(res);
  };

  const httpServer = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, RpcError.from(error));
      else res.destroy();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  httpServer.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, guard);
    const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
    if (!verdict.ok || path !== webPaths.stream) {
      const status = !verdict.ok ? verdict.status : 404;
      socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachStream(ws));
  });

  const attachStream = (ws: WebSocket) => {
    const session = new StreamSession(options.server, caller, (message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    });
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    ws.on('message', (data) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(data.toString());
      } catch {
        parsed = null;
      }
      session.receive(parsed);
    });
    ws.on('close', () => {
      clearInterval(heartbeat);
      session.close();
    });
    ws.on('error', () => ws.terminate());
  };

  await listen(httpServer, options.port ?? 0, host);
  const port = (httpServer.address() as AddressInfo).port;
  guard.port = port;
  guard.cookieName = `${TOKEN_COOKIE}_${port}`; // cookies ignore ports: keep two instances apart
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost}:${port}/`;

  return {
    url,
    openUrl: `${url}?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
