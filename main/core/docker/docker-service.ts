// The local container engine as the rest of the core sees it: which endpoint and why, whether it
// answers (and if not, why and what to do), its images and containers, and a feed of changes.
import type { Socket } from 'node:net';
import os from 'node:os';
import type { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { RpcError } from '../../../shared/contracts/errors';
import type { DockerChange, DockerStatus, LocalContainer, LocalImage } from '../../../shared/model/docker';
import { pageInMemory, type Page, type PageQuery } from '../../../shared/model/paging';
import { toDockerChange } from './docker-changes';
import { createDockerClient, endpointKey, type DockerClient } from './docker-client';
import { resolveEndpoint, type EndpointInputs } from './docker-endpoint';
import { classifyFailure, isConnectionFailure, problemForPathKind } from './docker-errors';
import { ReconnectingEventFeed } from './docker-events';
import type { EndpointProblem } from './docker-host-url';
import { probeEngine } from './docker-probe';
import { nodeFsProbe, type FsProbe } from './fs-probe';
import { toLocalContainer, toLocalImage, type ContainerSummary, type ImageSummary } from './docker-listing';

export interface DockerServiceOptions {
  env?: NodeJS.ProcessEnv;
  home?: string;
  platform?: NodeJS.Platform;
  /** Tests: a file system seen through a probe. */
  fs?: FsProbe;
  /** Tests: shorter deadlines and reconnect delays. */
  timing?: Partial<DockerTiming>;
}

export interface DockerTiming {
  pingTimeoutMs: number;
  requestTimeoutMs: number;
  listTimeoutMs: number;
  reconnectInitialMs: number;
  reconnectMaxMs: number;
}

const DEFAULT_TIMING: DockerTiming = {
  pingTimeoutMs: 3_000,
  requestTimeoutMs: 10_000,
  listTimeoutMs: 30_000,
  reconnectInitialMs: 250,
  reconnectMaxMs: 15_000,
};

type ImageQuery = PageQuery<'repository' | 'created' | 'size' | 'id'> & { includeUntagged: boolean };
type ContainerQuery = PageQuery<'name' | 'image' | 'state' | 'created'> & { all: boolean };
type Listener = (change: DockerChange) => void;

export class DockerService {
  private readonly inputs: EndpointInputs;
  private readonly timing: DockerTiming;
  private readonly lifetime = new AbortController();
  private cached: DockerStatus | null = null;
  private inflight: Promise<DockerStatus> | null = null;
  private client: DockerClient | null = null;
  private readonly listeners = new Set<Listener>();
  private feed: ReconnectingEventFeed | null = null;
  /** The state last announced to listeners, so that only changes are announced. */
  private announced: DockerStatus['state'] | null = null;
  private announcements = 0;
  private closed = false;

  constructor(options: DockerServiceOptions = {}) {
    const env = options.env ?? process.env;
    const platform = options.platform ?? process.platform;
    const home = options.home ?? (platform === 'win32' ? env.USERPROFILE : env.HOME) ?? os.homedir();
    this.inputs = { env, home, platform, fs: options.fs ?? nodeFsProbe };
    this.timing = { ...DEFAULT_TIMING, ...options.timing };
  }

  /** Which engine, why, and whether it answers. Never throws; cached until refresh or a change. */
  status(refresh = false): Promise<DockerStatus> {
    if (this.cached && !refresh) return Promise.resolve(this.cached);
    if (this.inflight) return this.inflight;
    const check = this.check()
      .catch((error: unknown): DockerStatus => this.remember(this.bareStatus('unreachable', `Checking the engine failed: ${(error as Error)?.message ?? String(error)}`, null)))
      .finally(() => {
        if (this.inflight === check) this.inflight = null;
      });
    this.inflight = check;
    return check;
  }

  async listImages(query: ImageQuery): Promise<Page<LocalImage>> {
    const client = await this.connected();
    const deadline = this.deadline(this.timing.listTimeoutMs);
    let images: ImageSummary[];
    let containers: ContainerSummary[];
    try {
      // Docker reports Containers as -1 unless asked for disk usage; count them instead.
      [images, containers] = await Promise.all([
        client.api.listImages({ all: false, abortSignal: deadline.signal }) as Promise<ImageSummary[]>,
        client.api.listContainers({ all: true, abortSignal: deadline.signal }) as Promise<ContainerSummary[]>,
      ]);
    } catch (error) {
      throw await this.failure(error, client, 'GET /images/json', 'list images', deadline.timedOut());
    }
    const counts = new Map<string, number>();
    for (const c of containers) if (c.ImageID) counts.set(c.ImageID, (counts.get(c.ImageID) ?? 0) + 1);
    const rows = images.map((image) => toLocalImage(image, counts)).filter((image) => query.includeUntagged || image.repoTags.length > 0);
    return pageInMemory(rows, query, {
      text: (i) => [i.id, ...i.repoTags, ...i.repoDigests].join(' '),
      sortKey: (i, field) => {
        switch (field) {
          case 'repository':
            return i.repoTags[0] ?? '\uffff'; // untagged sort after every name
          case 'created':
            return i.created;
          case 'size':
            return i.size;
          default:
            return i.id;
        }
      },
    });
  }

  async listContainers(query: ContainerQuery): Promise<Page<LocalContainer>> {
    const client = await this.connected();
    const deadline = this.deadline(this.timing.listTimeoutMs);
    let containers: ContainerSummary[];
    try {
      containers = (await client.api.listContainers({ all: query.all, abortSignal: deadline.signal })) as ContainerSummary[];
    } catch (error) {
      throw await this.failure(error, client, 'GET /containers/json', 'list containers', deadline.timedOut());
    }
    return pageInMemory(containers.map(toLocalContainer), query, {
      text: (c) => [c.id, c.name, c.image, c.command, c.state, c.status].join(' '),
      sortKey: (c, field) => (field === 'created' ? c.created : c[field]),
    });
  }

  /** Image, container and connection changes. Docker's event stream runs while anyone listens. */
  onChange(listener: Listener): () => void {
    if (this.closed) return () => undefined;
    const wrapped: Listener = (change) => listener(change);
    this.listeners.add(wrapped);
    if (this.listeners.size === 1) this.startFeed();
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.listeners.delete(wrapped);
      if (this.listeners.size === 0) this.stopFeed();
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.lifetime.abort(new Error('the Docker service is closed'));
    this.listeners.clear();
    this.stopFeed();
    this.client?.close();
    this.client = null;
  }

  // ---- status ---------------------------------------------------------------------------

  private async check(): Promise<DockerStatus> {
    if (this.closed) return this.bareStatus('unreachable', 'Vigil is shutting down', null);
    const resolution = resolveEndpoint(this.inputs);
    const base = {
      endpoint: resolution.endpoint?.url ?? null,
      source: resolution.source,
      candidates: resolution.candidates,
      checkedAt: new Date().toISOString(),
    };
    const warning = resolution.warning;
    const notConnected = (problem: EndpointProblem): DockerStatus => ({
      ...base,
      state: problem.state,
      reason: warning ? `${problem.reason} (also: ${warning})` : problem.reason,
      fix: problem.fix,
      engine: null,
    });

    const endpoint = resolution.endpoint;
    if (resolution.problem || !endpoint) {
      return this.remember(notConnected(resolution.problem ?? { state: 'not-found', reason: 'No engine endpoint is configured', fix: null }));
    }
    if (endpoint.kind === 'unix') {
      const inTheWay = problemForPathKind(this.inputs.fs.kind(endpoint.path), endpoint);
      if (inTheWay) return this.remember(notConnected(inTheWay));
    }

    let client: DockerClient;
    try {
      client = this.clientFor(endpoint);
    } catch (error) {
      return this.remember(notConnected({ state: 'unreachable', reason: `The Docker client cannot be set up for ${endpoint.url}: ${(error as Error).message}`, fix: 'Check DOCKER_HOST, DOCKER_CERT_PATH and the certificate files' }));
    }
    const probe = await probeEngine(client.api, endpoint, {
      pingTimeoutMs: this.timing.pingTimeoutMs,
      requestTimeoutMs: this.timing.requestTimeoutMs,
      signal: this.lifetime.signal,
    });
    if (probe.state !== 'connected') return this.remember(notConnected(probe));
    return this.remember({
      ...base,
      state: 'connected',
      reason: warning,
      fix: warning ? 'Repair the file; the docker CLI warns about it too' : null,
      engine: probe.engine,
    });
  }

  private bareStatus(state: DockerStatus['state'], reason: string, fix: string | null): DockerStatus {
    return { state, endpoint: this.cached?.endpoint ?? null, source: this.cached?.source ?? 'unknown', reason, fix, engine: null, candidates: this.cached?.candidates ?? [], checkedAt: new Date().toISOString() };
  }

  /** Keep a fresh status; announce it when the state differs from the last one announced. */
  private remember(status: DockerStatus): DockerStatus {
    if (this.closed) return status;
    this.cached = status;
    if (status.state !== this.announced) {
      this.announced = status.state;
      this.announce(status.state);
    }
    return status;
  }

  private announce(action: string): void {
    this.announcements += 1;
    this.emit({ kind: 'status', action, id: null, at: new Date().toISOString() });
  }

  private clientFor(endpoint: NonNullable<ReturnType<typeof resolveEndpoint>['endpoint']>): DockerClient {
    if (this.client && endpointKey(this.client.endpoint) === endpointKey(endpoint)) return this.client;
    // Another engine now (a context switched, Docker Desktop started): drop the old one, and with
    // it any event stream on it, which then reconnects to the new one.
    this.client?.close();
    this.client = createDockerClient(endpoint);
    return this.client;
  }

  /** A signal that fires after `ms` or when the service closes, and whether it was the time. */
  private deadline(ms: number): { signal: AbortSignal; timedOut(): boolean } {
    const timeout = AbortSignal.timeout(ms);
    return { signal: AbortSignal.any([this.lifetime.signal, timeout]), timedOut: () => timeout.aborted && !this.lifetime.signal.aborted };
  }

  /** dockerode for the connected engine (image export for scans), or 'unavailable' with the reason. */
  async api(): Promise<Dockerode> {
    return (await this.connected()).api;
  }

  /** The client of a connected engine, or an 'unavailable' error that says why there is none. */
  private async connected(): Promise<DockerClient> {
    let status = await this.status();
    if (status.state !== 'connected') status = await this.status(true); // it may have started since
    if (status.state !== 'connected' || !this.client) throw unavailable(status);
    return this.client;
  }

  private async failure(error: unknown, client: DockerClient, request: string, doing: string, timedOut: boolean): Promise<RpcError> {
    if (this.closed) return new RpcError('unavailable', 'The Docker service is closed');
    if (isConnectionFailure(error) && !timedOut) {
      // The engine went away under us: find out how, tell listeners, and say so.
      const status = await this.status(true);
      if (status.state !== 'connected') return unavailable(status);
    }
    const problem = classifyFailure(error, client.endpoint, { request, timedOut, timeoutMs: this.timing.listTimeoutMs });
    return new RpcError('unavailable', `Could not ${doing}: ${problem.reason}`, { state: problem.state, fix: problem.fix });
  }

  // ---- changes --------------------------------------------------------------------------

  private emit(change: DockerChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // one listener's failure is not another's problem
      }
    }
  }

  private startFeed(): void {
    let announcementsBeforeOpen = 0;
    const feed = new ReconnectingEventFeed({
      open: async (signal) => {
        announcementsBeforeOpen = this.announcements;
        const status = await this.status(true);
        if (status.state !== 'connected' || !this.client) throw new Error(status.reason ?? status.state);
        const getEvents = this.client.api.getEvents.bind(this.client.api) as unknown as (options: object) => Promise<Readable & { socket?: Socket }>;
        const events = await getEvents({ filters: { type: ['image', 'container'] }, abortSignal: signal });
        // A remote engine that vanishes without a FIN is noticed by TCP keep-alive.
        events.socket?.setKeepAlive?.(true, 30_000);
        return events;
      },
      onEvent: (event) => {
        const change = toDockerChange(event);
        if (change) this.emit(change);
      },
      onConnected: () => {
        // Tell listeners the feed is live (refetch: anything before may have been missed),
        // unless opening it just announced 'connected' already.
        if (this.announced === 'connected' && this.announcements !== announcementsBeforeOpen) return;
        this.announced = 'connected';
        this.announce('connected');
      },
      onDisconnected: () => {
        // Learn at once whether the engine is gone (announced) or the stream merely dropped.
        this.cached = null;
        void this.status(true);
      },
      backoff: { initialMs: this.timing.reconnectInitialMs, maxMs: this.timing.reconnectMaxMs },
      connectTimeoutMs: this.timing.pingTimeoutMs + this.timing.requestTimeoutMs * 2,
    });
    this.feed = feed;
    feed.start();
  }

  private stopFeed(): void {
    this.feed?.stop();
    this.feed = null;
  }
}

function unavailable(status: DockerStatus): RpcError {
  const where = status.endpoint ? ` (${status.endpoint}, ${status.source})` : '';
  return new RpcError('unavailable', `${status.reason ?? `The engine is ${status.state}`}${where}`, { state: status.state, fix: status.fix });
}
