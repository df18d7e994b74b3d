// One spelling per registry, so that what a user saves and what a scan asks for meet:
// lower case host[:port], no scheme or path, Docker Hub's many names as docker.io.
import { RpcError } from '../../../shared/contracts/errors';
import { isDockerHub, parseReference } from '../images/sources/registry/reference';

export const DOCKER_HUB_HOST = 'docker.io';

const HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'hub.docker.com']);
const NAME = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/** "https://Registry.Example.com:5000/v2/" → "registry.example.com:5000"; throws naming the input. */
export function normaliseRegistryHost(text: string): string {
  const bad = (why: string) =>
    new RpcError('invalid_input', `host: ${JSON.stringify(text)} is not a registry host (${why}); write host or host:port, e.g. registry.example.com:5000`, { field: 'host' });
  // Accept what people paste: a URL (docker's config.json keys) or an image name with its path.
  let host = text.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  host = host.split('/')[0] ?? '';
  if (!host) throw bad('it is empty');
  if (host.includes('@')) throw bad('user names go in the username field, not in the host');
  let name = host;
  let port: string | null = null;
  const colon = host.lastIndexOf(':');
  if (colon > host.lastIndexOf(']')) {
    name = host.slice(0, colon);
    port = host.slice(colon + 1);
    const n = Number(port);
    if (!/^\d{1,5}$/.test(port) || n < 1 || n > 65535) throw bad(`the port ${port || '(none)'} is not a number from 1 to 65535`);
    port = String(n);
  }
  if (!NAME.test(name) && !IPV6.test(name)) throw bad(`${name || '(none)'} is not a host name`);
  if (HUB_ALIASES.has(name) && (port === null || port === '443')) return DOCKER_HUB_HOST;
  return port === null ? name : `${name}:${port}`;
}

/** The registry an image reference pulls from ("alpine" → docker.io), or null when it is not a reference. */
export function registryHostOfReference(ref: string): string | null {
  try {
    const parsed = parseReference(ref);
    return isDockerHub(parsed.registry) ? DOCKER_HUB_HOST : normaliseRegistryHost(parsed.registry);
  } catch {
    // The scan itself reports a reference it cannot read; a lookup just finds nothing.
    return null;
  }
}
