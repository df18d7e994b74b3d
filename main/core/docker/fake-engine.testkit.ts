// Test servers on Unix sockets: a fake Docker engine whose answers and event stream a test
// controls (and whose open connections it can count), and things that are not Docker at all.
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ContainerSummary, ImageSummary } from './docker-listing';

export function tempDir(prefix = 'vigil-docker-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Track a server's sockets so a test can count them and close them all. */
class Tracked {
  readonly sockets = new Set<net.Socket>();
  constructor(readonly server: net.Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }
  listen(target: string | number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      if (typeof target === 'string') this.server.listen(target, () => resolve());
      else this.server.listen(target, '127.0.0.1', () => resolve());
    });
  }
  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export const DOCKER_VERSION = {
  Platform: { Name: 'Docker Engine - Community' },
  Components: [{ Name: 'Engine', Version: '27.3.1' }],
  Version: '27.3.1',
  ApiVersion: '1.47',
  MinAPIVersion: '1.24',
  Os: 'linux',
  Arch: 'amd64',
};

export const PODMAN_VERSION = {
  Platform: { Name: 'linux/amd64/debian-12' },
  Components: [{ Name: 'Podman Engine', Version: '4.3.1' }],
  Version: '4.3.1',
  ApiVersion: '1.41',
  MinAPIVersion: '1.24',
  Os: 'linux',
  Arch: 'amd64',
};

export interface FakeEngineState {
  version: object;
  info: object;
  images: ImageSummary[];
  containers: ContainerSummary[];
}

/** Where a fake engine listens: a Unix socket path, or TCP on 127.0.0.1 (port 0: any), maybe with TLS. */
export type EngineAddress = string | { port: number; tls?: https.ServerOptions };

/** Speaks enough of the Docker API: /_ping, /version, /info, lists, /events. */
export class FakeEngine {
  readonly requests: string[] = [];
  readonly state: FakeEngineState;
  /** Routes (e.g. "/images/json") that are accepted and never answered. */
  readonly hang = new Set<string>();
  private tracked: Tracked | null = null;
  private readonly eventStreams = new Set<http.ServerResponse>();
  private port = 0;

  private constructor(
    readonly address: EngineAddress,
    state: Partial<FakeEngineState>,
  ) {
    this.state = { version: DOCKER_VERSION, info: { Driver: 'overlay2' }, images: [], containers: [], ...state };
  }

  static async start(address: EngineAddress, state: Partial<FakeEngineState> = {}): Promise<FakeEngine> {
    const engine = new FakeEngine(address, state);
    await engine.listen();
    return engine;
  }

  /** What DOCKER_HOST should say to reach it. */
  get dockerHost(): string {
    return typeof this.address === 'string' ? `unix://${this.address}` : `tcp://127.0.0.1:${this.port}`;
  }

  async listen(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => this.handle(req, res);
    const tls = typeof this.address === 'string' ? undefined : this.address.tls;
    const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
    if (tls) server.on('tlsClientError', () => undefined);
    this.tracked = new Tracked(server);
    if (typeof this.address === 'string') {
      await this.tracked.listen(this.address);
    } else {
      await this.tracked.listen(this.port || this.address.port);
      this.port = (server.address() as net.AddressInfo).port;
    }
  }

  /** The engine goes away: every connection is cut and the socket file removed. */
  async stop(): Promise<void> {
    this.eventStreams.clear();
    await this.tracked?.close();
    this.tracked = null;
    if (typeof this.address === 'string') fs.rmSync(this.address, { force: true });
  }

  /** Connections open right now (the event stream's included). */
  get openConnections(): number {
    return this.tracked?.sockets.size ?? 0;
  }

  get openEventStreams(): number {
    return this.eventStreams.size;
  }

  /** Write raw bytes to every open event stream (whole lines, halves of lines, garbage …). */
  writeEvents(data: string | Buffer): void {
    for (const res of this.eventStreams) res.write(data);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://engine');
    // Accept versioned paths (/v1.47/version) as engines do.
    const route = url.pathname.replace(/^\/v\d+(\.\d+)?/, '');
    this.requests.push(`${req.method} ${route}${url.search}`);
    if (this.hang.has(route)) return;
    const json = (value: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    switch (route) {
      case '/_ping':
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Api-Version': (this.state.version as { ApiVersion?: string }).ApiVersion ?? '' });
        res.end('OK');
        return;
      case '/version':
        return json(this.state.version);
      case '/info':
        return json(this.state.info);
      case '/images/json':
        return json(this.state.images);
      case '/containers/json': {
        const all = url.searchParams.get('all') === 'true';
        return json(all ? this.state.containers : this.state.containers.filter((c) => c.State === 'running'));
      }
      case '/events':
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        this.eventStreams.add(res);
        res.on('close', () => this.eventStreams.delete(res));
        return;
      default:
        res.writeHead(404, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ message: `page not found: ${route}` }));
    }
  }
}

/** An HTTP server that is not Docker: every request gets `status` and `body`. */
export async function startHttpServer(socketPath: string, status: number, body: string, contentType = 'text/html'): Promise<{ close(): Promise<void> }> {
  const tracked = new Tracked(
    http.createServer((_req, res) => {
      res.writeHead(status, { 'Content-Type': contentType });
      res.end(body);
    }),
  );
  await tracked.listen(socketPath);
  return tracked;
}

/** Not even HTTP: whoever connects gets `garbage` and is hung up on (or, with null, never answered). */
export async function startRawServer(socketPath: string, garbage: string | null): Promise<{ close(): Promise<void> }> {
  const tracked = new Tracked(
    net.createServer((socket) => {
      socket.on('error', () => undefined);
      if (garbage !== null) socket.end(garbage);
    }),
  );
  await tracked.listen(socketPath);
  return tracked;
}

/** An event line as Docker 20+ writes it. */
export function eventLine(type: 'image' | 'container' | 'network', action: string, id: string, when = new Date('2026-01-02T03:04:05.678Z')): string {
  const ms = when.getTime();
  return `${JSON.stringify({
    status: action,
    id,
    Type: type,
    Action: action,
    Actor: { ID: id, Attributes: { name: 'x' } },
    scope: 'local',
    time: Math.floor(ms / 1000),
    timeNano: ms * 1_000_000,
  })}\n`;
}
