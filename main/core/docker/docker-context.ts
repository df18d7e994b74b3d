// The docker CLI's contexts, read from disk exactly as `docker context create` lays them out:
//   <config dir>/config.json                                  { "currentContext": "prod", … }
//   <config dir>/contexts/meta/<sha256(name)>/meta.json       { "Name", "Endpoints": { "docker": { "Host", "SkipTLSVerify" } } }
//   <config dir>/contexts/tls/<sha256(name)>/docker/{ca,cert,key}.pem
import { createHash } from 'node:crypto';
import type { FsProbe } from './fs-probe';
import type { EndpointProblem, TlsFiles } from './docker-host-url';

export interface PathJoin {
  join(...parts: string[]): string;
}

export function contextHash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

export function contextMetaFile(configDir: string, name: string, path: PathJoin): string {
  return path.join(configDir, 'contexts', 'meta', contextHash(name), 'meta.json');
}

export function contextTlsDir(configDir: string, name: string, path: PathJoin): string {
  return path.join(configDir, 'contexts', 'tls', contextHash(name), 'docker');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface CurrentContext {
  name: string | null;
  /** config.json could not be read; like the docker CLI, resolution goes on with the defaults. */
  warning: string | null;
}

/** The `currentContext` of config.json; a broken file is a warning that names it, never a crash. */
export function readCurrentContext(configFile: string, fs: FsProbe): CurrentContext {
  let text: string | null;
  try {
    text = fs.readText(configFile);
  } catch (error) {
    return { name: null, warning: `${configFile} cannot be read (${errorText(error)}); the docker context in it is ignored` };
  }
  if (text === null || text.trim() === '') return { name: null, warning: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { name: null, warning: `${configFile} is not valid JSON (${errorText(error)}); the docker context in it is ignored` };
  }
  if (!isRecord(parsed)) return { name: null, warning: `${configFile} does not hold a JSON object; the docker context in it is ignored` };
  const current = parsed.currentContext;
  if (current === undefined || current === null || current === '') return { name: null, warning: null };
  if (typeof current !== 'string') {
    return { name: null, warning: `${configFile}: "currentContext" is not a string; it is ignored` };
  }
  return { name: current, warning: null };
}

export interface ContextEndpoint {
  host: string;
  tls: TlsFiles | null;
  metaFile: string;
}

const CONTEXT_FIX = 'Run `docker context ls` to see the contexts, then `docker context use <name>` (or `docker context use default`)';

/** The docker endpoint a named context points at, or why it cannot be used. */
export function readContextEndpoint(
  configDir: string,
  name: string,
  label: string,
  fs: FsProbe,
  path: PathJoin,
): { endpoint: ContextEndpoint; problem: null } | { endpoint: null; problem: EndpointProblem } {
  const metaFile = contextMetaFile(configDir, name, path);
  const problem = (reason: string, fix = CONTEXT_FIX) => ({ endpoint: null, problem: { state: 'not-found' as const, reason, fix } });
  let text: string | null;
  try {
    text = fs.readText(metaFile);
  } catch (error) {
    return problem(`${label}: ${metaFile} cannot be read (${errorText(error)})`);
  }
  if (text === null) return problem(`${label} does not exist: ${metaFile} is missing`);
  let meta: unknown;
  try {
    meta = JSON.parse(text);
  } catch (error) {
    return problem(`${label}: ${metaFile} is not valid JSON (${errorText(error)})`, `Repair or remove ${metaFile}, or recreate the context with \`docker context create\``);
  }
  const docker = isRecord(meta) && isRecord(meta.Endpoints) ? meta.Endpoints.docker : undefined;
  const host = isRecord(docker) ? docker.Host : undefined;
  if (typeof host !== 'string' || host.trim() === '') {
    return problem(`${label}: ${metaFile} has no Endpoints.docker.Host`, `Recreate the context: \`docker context create ${name} --docker host=…\``);
  }
  const skipVerify = isRecord(docker) && docker.SkipTLSVerify === true;
  const tlsDir = contextTlsDir(configDir, name, path);
  const present = (file: string) => {
    const full = path.join(tlsDir, file);
    return fs.kind(full) === 'file' ? full : null;
  };
  const ca = present('ca.pem');
  const cert = present('cert.pem');
  const key = present('key.pem');
  const tls = ca || cert || key || skipVerify ? { ca, cert, key, verify: !skipVerify } : null;
  if ((cert === null) !== (key === null)) {
    const missing = cert === null ? 'cert.pem' : 'key.pem';
    return problem(`${label}: ${path.join(tlsDir, missing)} is missing (a client certificate needs both cert.pem and key.pem)`);
  }
  return { endpoint: { host, tls, metaFile }, problem: null };
}
