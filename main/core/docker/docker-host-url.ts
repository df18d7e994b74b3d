// One Docker host address (DOCKER_HOST, a context's Endpoints.docker.Host) → a typed endpoint,
// the way the docker CLI reads it: unix://, tcp:// (TLS decided by the caller), npipe://, ssh://.
import type { DockerConnectionState } from '../../../shared/model/docker';

export interface TlsFiles {
  /** Paths to PEM files; null when absent (no CA file: the system's CAs are used). */
  ca: string | null;
  cert: string | null;
  key: string | null;
  /** Verify the engine's certificate (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
}

export type DockerEndpoint =
  | { kind: 'unix'; url: string; path: string }
  | { kind: 'npipe'; url: string; path: string }
  | { kind: 'tcp'; url: string; host: string; port: number; tls: TlsFiles | null }
  | { kind: 'ssh'; url: string };

export type NotConnectedState = Exclude<DockerConnectionState, 'connected'>;

/** Why there is nothing to connect to, or why connecting failed; what the user can do. */
export interface EndpointProblem {
  state: NotConnectedState;
  reason: string;
  fix: string | null;
}

export interface ParsedHost {
  /** Set whenever the address could be read, even if it cannot be used (ssh://), for display. */
  endpoint: DockerEndpoint | null;
  problem: EndpointProblem | null;
}

const SSH_FIX =
  'Forward the remote socket over SSH and point Vigil at it: ' +
  '`ssh -nNT -L /tmp/remote-docker.sock:/var/run/docker.sock user@host`, then DOCKER_HOST=unix:///tmp/remote-docker.sock';

/**
 * Read an address as the docker CLI does. `label` names where it came from in messages
 * ("DOCKER_HOST", 'docker context "prod"'). `tls` is applied to tcp:// addresses only.
 */
export function parseHostUrl(raw: string, label: string, tls: TlsFiles | null): ParsedHost {
  const value = raw.trim();
  const bad = (reason: string, fix: string): ParsedHost => ({ endpoint: null, problem: { state: 'not-found', reason, fix } });
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value);
  const scheme = schemeMatch ? schemeMatch[1]!.toLowerCase() : 'tcp'; // the CLI reads "host:port" as tcp
  const rest = schemeMatch ? value.slice(schemeMatch[0].length) : value;

  switch (scheme) {
    case 'unix': {
      if (!rest) return bad(`${label} is "${raw}", which names no socket path`, 'Write the full path, e.g. unix:///var/run/docker.sock');
      const socketPath = rest.startsWith('/') ? rest : `/${rest}`;
      return { endpoint: { kind: 'unix', url: `unix://${socketPath}`, path: socketPath }, problem: null };
    }
    case 'npipe': {
      if (!rest) return bad(`${label} is "${raw}", which names no pipe`, 'Write the full pipe, e.g. npipe:////./pipe/docker_engine');
      return { endpoint: { kind: 'npipe', url: `npipe://${rest}`, path: rest }, problem: null };
    }
    case 'ssh': {
      let shown = value;
      try {
        const url = new URL(value);
        url.password = ''; // never echo a password
        shown = url.toString().replace(/\/$/, '');
      } catch {
        // keep it as written
      }
      return {
        endpoint: { kind: 'ssh', url: shown },
        problem: {
          state: 'unreachable',
          reason: `${label} is ${shown}: Vigil does not support ssh:// endpoints yet`,
          fix: SSH_FIX,
        },
      };
    }
    case 'tcp': {
      let url: URL;
      try {
        url = new URL(`tcp://${rest}`);
      } catch {
        return bad(`${label} is "${raw}", which is not a valid address`, 'Use the form tcp://host:port, unix:///path or npipe:////./pipe/name');
      }
      if (!url.hostname) return bad(`${label} is "${raw}", which names no host`, 'Use the form tcp://host:port');
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      return { endpoint: { kind: 'tcp', url: `tcp://${shownHost}:${port}`, host, port, tls }, problem: null };
    }
    default:
      return bad(
        `${label} is "${raw}": the scheme ${scheme}:// is not one a Docker client can use`,
        'Use unix:///path/to/docker.sock, tcp://host:port, or npipe:////./pipe/docker_engine',
      );
  }
}
