// Does an image reference match a block list entry? Entries are an exact reference
// (nginx:1.25, reg.example.com/app@sha256:…), a repository without tag (matches every tag and
// digest), an image ID (sha256:…), or a glob (docker.io/library/xmrig*, *miner*). Docker Hub's
// short names are expanded first, so "xmrig", "library/xmrig" and "docker.io/library/xmrig"
// are one repository.

export interface ImageName {
  /** registry/path, e.g. docker.io/library/nginx */
  repository: string;
  tag: string | null;
  digest: string | null;
}

const HUB = 'docker.io';

/** Splits and expands a reference the way the docker CLI reads it. */
export function parseImageName(reference: string): ImageName {
  let rest = reference.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1).toLowerCase();
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: expandRepository(rest), tag, digest };
}

/** nginx -> docker.io/library/nginx; index.docker.io/x/y -> docker.io/x/y; others unchanged. */
export function expandRepository(repository: string): string {
  const parts = repository.toLowerCase().split('/');
  const first = parts[0] ?? '';
  const hasRegistry = namesRegistry(parts);
  let registry = hasRegistry ? first : HUB;
  const path = hasRegistry ? parts.slice(1) : parts;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = HUB;
  if (registry === HUB && path.length === 1) path.unshift('library');
  return `${registry}/${path.join('/')}`;
}

/** A first part with a dot or port, or "localhost", is a registry (the docker CLI's rule). */
function namesRegistry(parts: readonly string[]): boolean {
  const first = parts[0] ?? '';
  return parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
}

/** A glob that names its registry is taken as written; a short one is expanded like a name. */
function expandGlob(glob: string): string {
  if (glob.startsWith('*') || glob.startsWith('?')) return glob;
  const parts = glob.toLowerCase().split('/');
  if (!namesRegistry(parts)) return expandRepository(glob);
  if (parts[0] === 'index.docker.io' || parts[0] === 'registry-1.docker.io') parts[0] = HUB;
  return parts.join('/');
}

/** The full reference: docker.io/library/nginx:latest, with the tag docker run assumes. */
export function formatImageName(name: ImageName): string {
  const tag = name.tag ?? (name.digest ? null : 'latest');
  return `${name.repository}${tag ? `:${tag}` : ''}${name.digest ? `@${name.digest}` : ''}`;
}

export function normaliseImageReference(reference: string): string {
  return formatImageName(parseImageName(reference));
}

function isGlob(entry: string): boolean {
  return /[*?]/.test(entry);
}

function globToRegExp(glob: string): RegExp {
  const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}

function isImageId(text: string): boolean {
  return /^sha256:[0-9a-f]{6,64}$/i.test(text.trim());
}

export interface BlockTarget {
  /** The references the image is known by (as started, and its tags). */
  references: readonly string[];
  imageId: string | null;
}

/** The first entry of the list that matches, or null. */
export function matchBlockList(target: BlockTarget, entries: readonly string[]): { entry: string; reference: string } | null {
  const names = target.references.filter((r) => r.trim() && !isImageId(r)).map(parseImageName);
  for (const raw of entries) {
    const entry = raw.trim();
    if (!entry) continue;
    if (isImageId(entry)) {
      const id = entry.toLowerCase();
      const ids = [target.imageId, ...target.references.filter(isImageId)].filter((x): x is string => Boolean(x)).map((x) => x.toLowerCase());
      const hit = ids.find((x) => x.startsWith(id));
      if (hit) return { entry, reference: hit };
      const byDigest = names.find((n) => n.digest?.startsWith(id));
      if (byDigest) return { entry, reference: formatImageName(byDigest) };
      continue;
    }
    for (const name of names) {
      const full = formatImageName(name);
      if (isGlob(entry)) {
        const re = globToRegExp(expandGlob(entry));
        if (re.test(full) || re.test(name.repository)) return { entry, reference: full };
        continue;
      }
      const wanted = parseImageName(entry);
      if (wanted.repository !== name.repository) continue;
      if (wanted.tag === null && wanted.digest === null) return { entry, reference: full };
      if (wanted.digest && wanted.digest === name.digest) return { entry, reference: full };
      if (wanted.tag && !wanted.digest && wanted.tag === (name.tag ?? (name.digest ? null : 'latest'))) return { entry, reference: full };
    }
  }
  return null;
}
