// Does the endpoint answer, and is it really a Docker-API engine (Docker, Docker Desktop, Podman)?
// GET /_ping must say OK within a short deadline, and GET /version must look like an engine's.
import type Dockerode from 'dockerode';
import type { DockerStatus } from '../../../shared/model/docker';
import { classifyFailure } from './docker-errors';
import type { DockerEndpoint, EndpointProblem } from './docker-host-url';

export type EngineInfo = NonNullable<DockerStatus['engine']>;
export type ProbeResult = { state: 'connected'; engine: EngineInfo } | EndpointProblem;

export interface ProbeOptions {
  pingTimeoutMs: number;
  /** For /version and /info, which may take longer on a busy engine. */
  requestTimeoutMs: number;
  /** Aborts everything (the service closing). */
  signal?: AbortSignal;
}

export interface VersionLike {
  Version?: unknown;
  ApiVersion?: unknown;
  Os?: unknown;
  Arch?: unknown;
  Platform?: { Name?: unknown } | null;
  Components?: Array<{ Name?: unknown }> | null;
}

const NOT_DOCKER_FIX = 'Point DOCKER_HOST (or the docker context) at a Docker or Podman engine\'s socket';

/** Which product answers: Podman says so in its components or platform name. */
export function engineProduct(version: VersionLike): string {
  const names = [
    typeof version.Platform?.Name === 'string' ? version.Platform.Name : '',
    ...(Array.isArray(version.Components) ? version.Components.map((c) => (typeof c?.Name === 'string' ? c.Name : '')) : []),
  ];
  if (names.some((n) => /podman/i.test(n))) return 'Podman';
  if (names.some((n) => /docker desktop/i.test(n))) return 'Docker Desktop';
  return 'Docker';
}

function text(value: unknown): string {
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? String(value);
}

function clip(value: string, max = 80): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

async function withDeadline<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  outer: AbortSignal | undefined,
): Promise<{ ok: true; value: T } | { ok: false; error: unknown; timedOut: boolean }> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = outer ? AbortSignal.any([deadline, outer]) : deadline;
  try {
    return { ok: true, value: await run(signal) };
  } catch (error) {
    return { ok: false, error, timedOut: deadline.aborted && !outer?.aborted };
  }
}

/** dockerode passes an abortSignal to these three; its type declarations do not say so. */
interface AbortableCalls {
  ping(options: { abortSignal: AbortSignal }): Promise<unknown>;
  version(options: { abortSignal: AbortSignal }): Promise<unknown>;
  info(options: { abortSignal: AbortSignal }): Promise<unknown>;
}

export async function probeEngine(docker: Dockerode, endpoint: DockerEndpoint, options: ProbeOptions): Promise<ProbeResult> {
  const api = docker as unknown as AbortableCalls;
  const target = endpoint.url;
  const ping = await withDeadline((abortSignal) => api.ping({ abortSignal }), options.pingTimeoutMs, options.signal);
  if (!ping.ok) {
    return classifyFailure(ping.error, endpoint, { request: 'GET /_ping', timedOut: ping.timedOut, timeoutMs: options.pingTimeoutMs });
  }
  const pong = text(ping.value).trim();
  if (pong !== 'OK') {
    return {
      state: 'not-docker',
      reason: `${target} answered GET /_ping with "${clip(pong) || '(nothing)'}" instead of "OK": it is not a Docker engine`,
      fix: NOT_DOCKER_FIX,
    };
  }

  const version = await withDeadline((abortSignal) => api.version({ abortSignal }), options.requestTimeoutMs, options.signal);
  if (!version.ok) {
    return classifyFailure(version.error, endpoint, { request: 'GET /version', timedOut: version.timedOut, timeoutMs: options.requestTimeoutMs });
  }
  const v = version.value as VersionLike | null;
  if (!v || typeof v !== 'object' || Buffer.isBuffer(v) || typeof v.Version !== 'string' || typeof v.ApiVersion !== 'string') {
    return {
      state: 'not-docker',
      reason: `${target} answered /_ping, but its GET /version is not an engine's (${clip(text(v)) || 'empty'}): it is not a Docker engine`,
      fix: NOT_DOCKER_FIX,
    };
  }

  // The storage driver is a nicety: an engine that will not say still counts as connected.
  const info = await withDeadline((abortSignal) => api.info({ abortSignal }), options.requestTimeoutMs, options.signal);
  const driver = info.ok && info.value && typeof info.value === 'object' ? (info.value as { Driver?: unknown }).Driver : undefined;

  return {
    state: 'connected',
    engine: {
      product: engineProduct(v),
      version: v.Version,
      apiVersion: v.ApiVersion,
      os: typeof v.Os === 'string' ? v.Os : 'unknown',
      arch: typeof v.Arch === 'string' ? v.Arch : 'unknown',
      storageDriver: typeof driver === 'string' && driver ? driver : null,
    },
  };
}
