// Why an engine cannot be used, in words a user can act on: every failure to reach or talk to
// the engine becomes one of the DockerStatus states with a reason and a fix.
import type { DockerEndpoint, EndpointProblem } from './docker-host-url';
import type { PathKind } from './fs-probe';

export interface FailureContext {
  /** What was asked, e.g. "GET /_ping". */
  request: string;
  /** Our own deadline fired (the error is then just an abort). */
  timedOut?: boolean;
  timeoutMs?: number;
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);

const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

interface ErrorFacts {
  code: string | null;
  message: string;
  statusCode: number | null;
  body: string;
}

function facts(error: unknown): ErrorFacts {
  const e = (error ?? {}) as { code?: unknown; message?: unknown; statusCode?: unknown; json?: unknown; cause?: { code?: unknown } };
  const code = typeof e.code === 'string' ? e.code : typeof e.cause?.code === 'string' ? e.cause.code : null;
  const message = typeof e.message === 'string' ? e.message : String(error);
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : null;
  let body = '';
  if (e.json !== undefined && e.json !== null) {
    if (Buffer.isBuffer(e.json)) body = e.json.toString('utf8');
    else if (typeof e.json === 'object' && typeof (e.json as { message?: unknown }).message === 'string') body = (e.json as { message: string }).message;
    else body = typeof e.json === 'string' ? e.json : JSON.stringify(e.json);
  }
  return { code, message, statusCode, body: body.trim() };
}

function where(endpoint: DockerEndpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `the socket ${endpoint.path}`;
    case 'npipe':
      return `the pipe ${endpoint.path}`;
    case 'tcp':
      return `${endpoint.host}:${endpoint.port}`;
    default:
      return endpoint.url;
  }
}

function startFix(endpoint: DockerEndpoint): string {
  if (endpoint.kind === 'tcp') return `Check that the engine listens on ${endpoint.host}:${endpoint.port} (dockerd -H tcp://…) and that no firewall or VPN is in the way`;
  if (endpoint.kind === 'npipe') return 'Start Docker Desktop (or the engine service), or set DOCKER_HOST to the engine\'s address';
  return 'Start the engine (`sudo systemctl start docker`, Docker Desktop, or `systemctl --user start podman.socket`), or point DOCKER_HOST at the socket it really uses';
}

function permissionFix(endpoint: DockerEndpoint): string {
  if (endpoint.kind === 'npipe') return 'Add your user to the docker-users group (Computer Management → Local Users and Groups), then sign out and back in';
  return (
    'Add your user to the docker group: `sudo usermod -aG docker $USER`, then log out and back in ' +
    '(membership of that group is equivalent to root); or use rootless Docker or Podman and point DOCKER_HOST at its socket'
  );
}

const NOT_DOCKER_FIX = 'Something other than a Docker-compatible engine is listening there: point DOCKER_HOST (or the docker context) at the engine\'s socket';

function clip(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** OpenSSL's "8060…:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:…" → its reason. */
function opensslReason(message: string): string {
  const match = /SSL routines:[^:]*:([^:]+)/i.exec(message);
  return clip(match ? match[1]! : message);
}

/** A path that exists but cannot be a socket, or is missing: said before anything connects. */
export function problemForPathKind(kind: PathKind, endpoint: DockerEndpoint): EndpointProblem | null {
  if (endpoint.kind !== 'unix' && endpoint.kind !== 'npipe') return null;
  const p = endpoint.path;
  switch (kind) {
    case 'missing':
      return { state: 'not-found', reason: `There is no socket at ${p}: the engine is not running or uses another path`, fix: startFix(endpoint) };
    case 'file':
      return {
        state: 'not-found',
        reason: `${p} is a regular file, not a socket: no engine is listening there (a stale file, or the wrong path)`,
        fix: `Check the path; if no engine owns ${p}, remove the file and start the engine`,
      };
    case 'directory':
      return {
        state: 'not-found',
        reason: `${p} is a directory, not a socket (a bind mount of a socket that did not exist yet creates a directory)`,
        fix: `Remove the directory ${p} and restart the engine so that it can create its socket`,
      };
    case 'other':
      return endpoint.kind === 'unix'
        ? { state: 'not-found', reason: `${p} is not a socket (it is a device or a pipe)`, fix: 'Point DOCKER_HOST at the engine\'s socket' }
        : null;
    default:
      return null; // a socket (try it) or inaccessible (connecting says EACCES precisely)
  }
}

/** Is this a failure to reach the engine (as opposed to the engine refusing one request)? */
export function isConnectionFailure(error: unknown): boolean {
  const f = facts(error);
  return f.statusCode === null;
}

export function classifyFailure(error: unknown, endpoint: DockerEndpoint, context: FailureContext): EndpointProblem {
  const f = facts(error);
  const target = where(endpoint);
  const seconds = context.timeoutMs ? `${Math.round(context.timeoutMs / 100) / 10} s` : 'the time allowed';

  if (context.timedOut || f.code === 'ETIMEDOUT' || f.code === 'ESOCKETTIMEDOUT' || f.code === 'UND_ERR_CONNECT_TIMEOUT') {
    return {
      state: 'unreachable',
      reason: `${target} did not answer ${context.request} within ${seconds}`,
      fix: endpoint.kind === 'tcp' ? startFix(endpoint) : 'The engine may be hung or overloaded: restart it (`sudo systemctl restart docker`, or restart Docker Desktop)',
    };
  }

  if (f.statusCode !== null) {
    const said = f.body ? `: ${clip(f.body)}` : '';
    if (f.statusCode === 400 && /https server/i.test(f.body + f.message)) {
      return {
        state: 'unreachable',
        reason: `${target} expects TLS, but Vigil spoke plain HTTP to it`,
        fix: 'Set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder holding ca.pem, cert.pem and key.pem',
      };
    }
    if (f.statusCode === 401 || f.statusCode === 403) {
      return {
        state: 'permission-denied',
        reason: `${target} refused ${context.request} with HTTP ${f.statusCode}${said}`,
        fix: 'An authorization plugin or a proxy in front of the engine refused the request; ask its administrator for access',
      };
    }
    if (f.statusCode >= 500) {
      return { state: 'unreachable', reason: `The engine at ${target} failed ${context.request} with HTTP ${f.statusCode}${said}`, fix: 'Look at the engine\'s log (`journalctl -u docker`); restarting it often helps' };
    }
    return {
      state: 'not-docker',
      reason: `${target} answered ${context.request} with HTTP ${f.statusCode}${said}; a Docker engine answers 200 there`,
      fix: NOT_DOCKER_FIX,
    };
  }

  const code = f.code ?? '';
  if (code.startsWith('HPE_') || /parse error/i.test(f.message)) {
    return { state: 'not-docker', reason: `${target} answered ${context.request} with something that is not HTTP (${clip(f.message)})`, fix: NOT_DOCKER_FIX };
  }
  if (code === 'ENOENT') return problemForPathKind('missing', endpoint)!;
  if (code === 'ENOTSOCK') return problemForPathKind('other', endpoint) ?? { state: 'not-found', reason: `${target} is not a socket`, fix: startFix(endpoint) };
  if (code === 'EACCES' || code === 'EPERM') {
    return { state: 'permission-denied', reason: `This user may not open ${target} (${code})`, fix: permissionFix(endpoint) };
  }
  if (code === 'ECONNREFUSED') {
    return {
      state: 'unreachable',
      reason:
        endpoint.kind === 'tcp'
          ? `${target} refused the connection: no engine listens there`
          : `${target} exists but nothing is listening on it: the engine is stopped, or this socket was left behind by a crash`,
      fix: startFix(endpoint),
    };
  }
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /\b(ssl|tls)\b|certificate/i.test(f.message)) {
    const plain = /wrong version number|packet length too long|unknown protocol/i.test(f.message);
    if (/alert (certificate required|bad certificate|certificate unknown|unknown ca|handshake failure)/i.test(f.message)) {
      return {
        state: 'unreachable',
        reason: `TLS with ${target} failed: the engine did not accept this client's certificate, or got none (${opensslReason(f.message)})`,
        fix: 'Put the client certificate and key the engine trusts in DOCKER_CERT_PATH as cert.pem and key.pem (for a context: `docker context create … --docker host=…,cert=…,key=…`)',
      };
    }
    return {
      state: 'unreachable',
      reason: plain
        ? `TLS with ${target} failed: the engine does not speak TLS on this port (${opensslReason(f.message)})`
        : `TLS with ${target} failed: ${opensslReason(f.message)}`,
      fix: plain
        ? 'Unset DOCKER_TLS_VERIFY / DOCKER_TLS, or use the engine\'s TLS port (usually 2376)'
        : 'Check the certificates in DOCKER_CERT_PATH (ca.pem must have signed the engine\'s certificate, which must name this host; cert.pem/key.pem must be accepted by the engine)',
    };
  }
  if (UNREACHABLE_CODES.has(code)) {
    const what = code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED' ? 'closed the connection without answering' : 'cannot be reached';
    const maybeTls = endpoint.kind === 'tcp' && !endpoint.tls && code === 'ECONNRESET';
    return {
      state: 'unreachable',
      reason: `${target} ${what} (${code})`,
      fix: maybeTls ? 'If the engine uses TLS (usually on port 2376), set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH; otherwise check that it is running' : startFix(endpoint),
    };
  }
  if (f.message === 'socket hang up') {
    return { state: 'unreachable', reason: `${target} closed the connection without answering ${context.request}`, fix: startFix(endpoint) };
  }
  return { state: 'unreachable', reason: `${target}: ${clip(f.message)}${code ? ` (${code})` : ''}`, fix: startFix(endpoint) };
}
