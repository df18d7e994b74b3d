// Which engine to talk to, chosen the way the docker CLI (and then Docker Desktop, rootless
// Docker and Podman users) expect: DOCKER_HOST, else the docker context (DOCKER_CONTEXT or
// config.json's currentContext), else the first default socket that exists. Pure: everything
// it knows comes from its inputs, so tests can lay out any machine in a temp folder.
import path from 'node:path';
import { readContextEndpoint, readCurrentContext, type PathJoin } from './docker-context';
import { parseHostUrl, type DockerEndpoint, type EndpointProblem, type ParsedHost, type TlsFiles } from './docker-host-url';
import type { FsProbe } from './fs-probe';

export interface EndpointInputs {
  env: Readonly<Record<string, string | undefined>>;
  home: string;
  platform: NodeJS.Platform;
  fs: FsProbe;
}

export interface EndpointCandidate {
  endpoint: string;
  source: string;
  /** null: cannot be known without connecting (tcp, ssh). */
  exists: boolean | null;
}

export interface EndpointResolution {
  /** What to connect to; null when configuration names nothing usable. */
  endpoint: DockerEndpoint | null;
  source: string;
  candidates: EndpointCandidate[];
  /** Set when the endpoint cannot be used at all (broken context, ssh://, no socket anywhere). */
  problem: EndpointProblem | null;
  /** Something is wrong but resolution went on, as the docker CLI does (a broken config.json). */
  warning: string | null;
}

export function pathApiFor(platform: NodeJS.Platform): PathJoin {
  return platform === 'win32' ? path.win32 : path.posix;
}

export function dockerConfigDir(inputs: Pick<EndpointInputs, 'env' | 'home' | 'platform'>): string {
  return inputs.env.DOCKER_CONFIG || pathApiFor(inputs.platform).join(inputs.home, '.docker');
}

function exists(endpoint: DockerEndpoint, inputs: EndpointInputs): boolean | null {
  if (endpoint.kind === 'unix') return inputs.fs.kind(endpoint.path) !== 'missing';
  if (endpoint.kind === 'npipe') return inputs.platform === 'win32' ? inputs.fs.kind(endpoint.path) !== 'missing' : false;
  return null;
}

/** TLS for a tcp:// DOCKER_HOST, from DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH as the CLI reads them. */
export function tlsFromEnv(inputs: EndpointInputs): { tls: TlsFiles | null; problem: EndpointProblem | null } {
  const { env, fs } = inputs;
  const verify = Boolean(env.DOCKER_TLS_VERIFY); // the CLI treats any non-empty value as on
  if (!verify && !env.DOCKER_TLS) return { tls: null, problem: null };
  const join = pathApiFor(inputs.platform).join;
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir(inputs);
  const certFix = 'Point DOCKER_CERT_PATH at the folder holding ca.pem, cert.pem and key.pem (docker-machine and `dockerd --tlsverify` setups write them there)';
  if (env.DOCKER_CERT_PATH && fs.kind(dir) === 'missing') {
    return { tls: null, problem: { state: 'not-found', reason: `DOCKER_CERT_PATH is ${dir}, which does not exist`, fix: certFix } };
  }
  const present = (file: string) => (fs.kind(join(dir, file)) === 'file' ? join(dir, file) : null);
  const tls: TlsFiles = { ca: present('ca.pem'), cert: present('cert.pem'), key: present('key.pem'), verify };
  if ((tls.cert === null) !== (tls.key === null)) {
    const missing = join(dir, tls.cert === null ? 'cert.pem' : 'key.pem');
    return { tls, problem: { state: 'not-found', reason: `${missing} is missing (a client certificate needs both cert.pem and key.pem)`, fix: certFix } };
  }
  return { tls, problem: null };
}

function fromAddress(parsed: ParsedHost, source: string, inputs: EndpointInputs, extra: EndpointProblem | null, warning: string | null): EndpointResolution {
  const endpoint = parsed.endpoint;
  let problem = parsed.problem ?? extra;
  if (!problem && endpoint?.kind === 'npipe' && inputs.platform !== 'win32') {
    problem = { state: 'not-found', reason: `${endpoint.url} (${source}) is a Windows named pipe; this is ${inputs.platform}`, fix: 'Use unix:///path/to/docker.sock or tcp://host:port here' };
  }
  const candidates = endpoint ? [{ endpoint: endpoint.url, source, exists: exists(endpoint, inputs) }] : [];
  return { endpoint, source, candidates, problem, warning };
}

interface Default {
  endpoint: DockerEndpoint;
  source: string;
}

/** The places engines put their socket when nothing is configured, in the order they are tried. */
export function defaultEndpoints(inputs: Pick<EndpointInputs, 'env' | 'home' | 'platform'>): Default[] {
  if (inputs.platform === 'win32') {
    const pipe = (name: string, source: string): Default => ({
      endpoint: { kind: 'npipe', url: `npipe:////./pipe/${name}`, path: `//./pipe/${name}` },
      source,
    });
    return [pipe('docker_engine', 'default named pipe (Docker Desktop / Docker Engine)'), pipe('podman-machine-default', 'Podman machine named pipe')];
  }
  const join = path.posix.join;
  const unix = (p: string, source: string): Default => ({ endpoint: { kind: 'unix', url: `unix://${p}`, path: p }, source });
  const runtime = inputs.env.XDG_RUNTIME_DIR;
  return [
    unix('/var/run/docker.sock', 'default socket'),
    unix(join(inputs.home, '.docker', 'run', 'docker.sock'), 'Docker Desktop socket'),
    unix(join(inputs.home, '.docker', 'desktop', 'docker.sock'), 'Docker Desktop socket (older versions)'),
    ...(runtime ? [unix(join(runtime, 'docker.sock'), 'rootless Docker socket ($XDG_RUNTIME_DIR)')] : []),
    ...(runtime ? [unix(join(runtime, 'podman', 'podman.sock'), 'Podman socket (rootless, $XDG_RUNTIME_DIR)')] : []),
    unix('/run/podman/podman.sock', 'Podman socket (rootful)'),
  ];
}

function noEngineFix(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'Start Docker Desktop (or Podman Desktop with its Docker API enabled), or set DOCKER_HOST to the engine\'s address';
  if (platform === 'darwin') return 'Start Docker Desktop (or Colima / Podman machine and set DOCKER_HOST to its socket)';
  return 'Start the engine: `sudo systemctl start docker` (or Docker Desktop, or Podman: `systemctl --user start podman.socket`); or set DOCKER_HOST to its address';
}

function fromDefaults(inputs: EndpointInputs, warning: string | null): EndpointResolution {
  const defaults = defaultEndpoints(inputs);
  const kinds = defaults.map((d) => (d.endpoint.kind === 'unix' || d.endpoint.kind === 'npipe' ? inputs.fs.kind(d.endpoint.path) : 'missing'));
  const candidates = defaults.map((d, i) => ({ endpoint: d.endpoint.url, source: d.source, exists: kinds[i] !== 'missing' }));
  // A live socket wins; else the first thing in the way (a directory where a socket belongs is a
  // classic bind-mount accident, worth reporting); else nothing is there at all.
  let index = kinds.indexOf('socket');
  if (index < 0) index = kinds.findIndex((k) => k !== 'missing');
  if (index < 0) {
    const first = defaults[0]!;
    return {
      endpoint: first.endpoint,
      source: first.source,
      candidates,
      problem: {
        state: 'not-found',
        reason: `No Docker or Podman engine found; looked at ${candidates.map((c) => c.endpoint.replace(/^(unix|npipe):\/\//, '')).join(', ')}`,
        fix: noEngineFix(inputs.platform),
      },
      warning,
    };
  }
  const chosen = defaults[index]!;
  return { endpoint: chosen.endpoint, source: chosen.source, candidates, problem: null, warning };
}

export function resolveEndpoint(inputs: EndpointInputs): EndpointResolution {
  const { env } = inputs;
  const host = env.DOCKER_HOST?.trim();
  if (host) {
    const source = env.DOCKER_CONTEXT ? `DOCKER_HOST (it overrides DOCKER_CONTEXT="${env.DOCKER_CONTEXT}")` : 'DOCKER_HOST';
    const tls = tlsFromEnv(inputs);
    const parsed = parseHostUrl(host, 'DOCKER_HOST', tls.tls);
    return fromAddress(parsed, source, inputs, parsed.endpoint?.kind === 'tcp' ? tls.problem : null, null);
  }

  const configDir = dockerConfigDir(inputs);
  const join = pathApiFor(inputs.platform).join;
  let name: string | null = null;
  let origin = 'DOCKER_CONTEXT';
  let warning: string | null = null;
  if (env.DOCKER_CONTEXT) {
    name = env.DOCKER_CONTEXT;
  } else {
    const configFile = join(configDir, 'config.json');
    const current = readCurrentContext(configFile, inputs.fs);
    name = current.name;
    warning = current.warning;
    origin = configFile;
  }

  if (name && name !== 'default') {
    const label = `docker context "${name}"`;
    const source = `${label} (from ${origin})`;
    const context = readContextEndpoint(configDir, name, label, inputs.fs, pathApiFor(inputs.platform));
    if (context.problem) return { endpoint: null, source, candidates: [], problem: context.problem, warning };
    return fromAddress(parseHostUrl(context.endpoint.host, label, context.endpoint.tls), source, inputs, null, warning);
  }
  return fromDefaults(inputs, warning);
}
