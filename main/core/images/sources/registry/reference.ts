// Image references as docker writes them: [registry[:port]/]repository[:tag][@digest], with
// Docker Hub's defaults (registry-1.docker.io, library/ for official images, tag latest).
import { RpcError } from '../../../../../shared/contracts/errors';

export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';

export interface ImageReference {
  /** host[:port] to talk to: registry-1.docker.io for Docker Hub. */
  registry: string;
  repository: string;
  tag: string | null;
  digest: string | null;
  /** How people write the repository: 'alpine', 'ghcr.io/org/app', 'localhost:5000/app'. */
  familiarName: string;
}

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REPOSITORY = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$|^sha512:[a-f0-9]{128}$/;

function isDomain(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}

export function isDockerHub(registry: string): boolean {
  return registry === DOCKER_HUB_REGISTRY || registry === 'docker.io' || registry === 'index.docker.io';
}

/** Parse a reference; throws 'invalid_input' naming what is wrong. */
export function parseReference(text: string): ImageReference {
  const input = text.trim();
  const bad = (why: string): RpcError => new RpcError('invalid_input', `${JSON.stringify(text)} is not an image reference: ${why}`);
  if (!input) throw bad('it is empty');
  let rest = input;
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad(`the digest ${digest} is not sha256:<64 hex> or sha512:<128 hex>`);
  }
  let registry = 'docker.io';
  const slash = rest.indexOf('/');
  if (slash > 0 && isDomain(rest.slice(0, slash))) {
    registry = rest.slice(0, slash);
    rest = rest.slice(slash + 1);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`the tag ${tag} is not valid`);
  }
  let repository = rest;
  if (!REPOSITORY.test(repository)) throw bad(`the repository ${repository || '(none)'} must be lower case letters, digits and separators`);
  const hub = isDockerHub(registry);
  if (hub && !repository.includes('/')) repository = `library/${repository}`;
  if (!tag && !digest) tag = 'latest';
  const familiarName = hub ? (repository.startsWith('library/') ? repository.slice('library/'.length) : repository) : `${registry}/${repository}`;
  return { registry: hub ? DOCKER_HUB_REGISTRY : registry, repository, tag, digest, familiarName };
}

export function formatReference(ref: ImageReference): string {
  return `${ref.familiarName}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}
