// OCI image layouts (https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
// a directory, or a tar of one (an "OCI archive"). index.json → (nested) indexes → one image
// manifest chosen by platform → config and layer blobs, each verified against its digest.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import nodePath from 'node:path';
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import { archiveLimits, type ArchiveLimits } from '../layers/archive-limits';
import { parseDigest } from '../layers/layer-decode';
import type { FileRegion } from '../layers/off-thread-digest';
import { parseImageConfig, parseJson } from './image-config';
import type { EarlyLayerReader, ImageConfig, OpenedImage } from './image-source';
import { imageFromPlan } from './layer-reading';
import { blobPath, isAttestation, isIndexMediaType, manifestLayers, parseManifest, type Descriptor, type ParsedManifest } from './manifest';
import { choosePlatform, type Platform, type PlatformCandidate } from './platform';
import { createHash } from 'node:crypto';

/** Small files of a layout (index.json, manifests, configs), whatever holds them. */
export interface LayoutStore {
  /** null when absent; throws when larger than the metadata limit. */
  readSmall(path: string): Promise<Buffer | null>;
}

export interface OciPlan {
  id: string;
  config: ImageConfig;
  layers: LayerInfo[];
  /** Media type of each layer's blob (by layer index). */
  layerMediaTypes: string[];
  repoTags: string[];
  platform: string | null;
  manifestDigest: string;
}

const MAX_INDEX_DEPTH = 4;
const MAX_MANIFESTS = 1000;

function verifyDigest(bytes: Buffer, digest: string, what: string): void {
  const parsed = parseDigest(digest);
  if (!parsed) throw new RpcError('invalid_input', `${what}: unsupported digest ${digest}`);
  const actual = `${parsed.algorithm}:${createHash(parsed.algorithm).update(bytes).digest('hex')}`;
  if (actual !== digest) throw new RpcError('invalid_input', `${what}: the content does not match its digest ${digest} (it hashes to ${actual})`);
}

async function readBlob(store: LayoutStore, digest: string, what: string): Promise<Buffer> {
  const bytes = await store.readSmall(blobPath(digest));
  if (!bytes) throw new RpcError('not_found', `${what}: blob ${digest} is missing from the layout`);
  verifyDigest(bytes, digest, what);
  return bytes;
}

interface Candidate {
  descriptor: Descriptor;
  refName: string | null;
}

async function collectCandidates(store: LayoutStore, index: Extract<ParsedManifest, { kind: 'index' }>, image: string, depth: number, refName: string | null, out: Candidate[]): Promise<void> {
  for (const d of index.manifests) {
    if (out.length > MAX_MANIFESTS) throw new RpcError('invalid_input', `${image}: the index lists more than ${MAX_MANIFESTS} manifests`);
    const name = d.annotations['io.containerd.image.name'] ?? d.annotations['org.opencontainers.image.ref.name'] ?? refName;
    if (isIndexMediaType(d.mediaType)) {
      if (depth >= MAX_INDEX_DEPTH) throw new RpcError('invalid_input', `${image}: indexes nested deeper than ${MAX_INDEX_DEPTH}`);
      const nested = parseManifest(parseJson(await readBlob(store, d.digest, `${image}: index ${d.digest}`), `${image}: index ${d.digest}`), `${image}: index ${d.digest}`);
      if (nested.kind === 'index') await collectCandidates(store, nested, image, depth + 1, name, out);
      else out.push({ descriptor: d, refName: name });
      continue;
    }
    if (isAttestation(d)) continue;
    out.push({ descriptor: d, refName: name });
  }
}

/** Plan an image from a layout: which manifest (by platform), its config and layers. */
export async function planOciLayout(store: LayoutStore, image: string, wantedPlatform: string | null | undefined): Promise<OciPlan> {
  const indexBytes = await store.readSmall('index.json');
  if (!indexBytes) throw new RpcError('invalid_input', `${image}: not an OCI image layout (no index.json)`);
  const layoutBytes = await store.readSmall('oci-layout');
  if (layoutBytes) {
    const layout = parseJson(layoutBytes, `${image}: oci-layout`) as { imageLayoutVersion?: unknown };
    if (typeof layout?.imageLayoutVersion === 'string' && !layout.imageLayoutVersion.startsWith('1.')) {
      throw new RpcError('invalid_input', `${image}: OCI layout version ${layout.imageLayoutVersion} is not supported`);
    }
  }
  const top = parseManifest(parseJson(indexBytes, `${image}: index.json`), `${image}: index.json`);
  const candidates: Candidate[] = [];
  if (top.kind === 'index') await collectCandidates(store, top, image, 0, null, candidates);
  else throw new RpcError('invalid_input', `${image}: index.json is an image manifest, not an index`);

  // Manifests listed without a platform (plain layouts) take it from their config when a choice is needed.
  const manifests = new Map<string, Extract<ParsedManifest, { kind: 'manifest' }>>();
  const loadManifest = async (d: Descriptor): Promise<Extract<ParsedManifest, { kind: 'manifest' }>> => {
    const known = manifests.get(d.digest);
    if (known) return known;
    const what = `${image}: manifest ${d.digest}`;
    const parsed = parseManifest(parseJson(await readBlob(store, d.digest, what), what), what);
    if (parsed.kind !== 'manifest') throw new RpcError('invalid_input', `${what} is an index where an image manifest was expected`);
    manifests.set(d.digest, parsed);
    return parsed;
  };
  const withPlatforms: PlatformCandidate<Candidate>[] = [];
  for (const c of candidates) {
    let platform: Platform | null = c.descriptor.platform;
    if (!platform && (candidates.length > 1 || wantedPlatform)) {
      const manifest = await loadManifest(c.descriptor);
      const raw = parseJson(await readBlob(store, manifest.config.digest, `${image}: config`), `${image}: config`) as Record<string, unknown>;
      if (typeof raw?.os === 'string' && typeof raw.architecture === 'string') platform = { os: raw.os, architecture: raw.architecture, variant: typeof raw.variant === 'string' ? raw.variant : null };
    }
    withPlatforms.push({ platform, item: c });
  }
  const chosen = choosePlatform(image, withPlatforms, wantedPlatform);
  const manifest = await loadManifest(chosen.item.descriptor);
  const configBytes = await readBlob(store, manifest.config.digest, `${image}: config`);
  const config = parseImageConfig(parseJson(configBytes, `${image}: config`), `${image}: config ${manifest.config.digest}`);
  const layers = manifestLayers(manifest, config, image);
  const refName = chosen.item.refName;
  return {
    id: manifest.config.digest,
    config,
    layers,
    layerMediaTypes: manifest.layers.map((l) => l.mediaType),
    repoTags: refName ? [refName] : [],
    platform: chosen.platform ?? platformOf(config),
    manifestDigest: chosen.item.descriptor.digest,
  };
}

export function platformOf(config: ImageConfig): string | null {
  if (!config.os || !config.architecture) return null;
  return [config.os, config.architecture, config.variant].filter(Boolean).join('/');
}

/** A layout directory on disk. Blob paths are built from validated digests and must stay inside it. */
export class DirectoryLayout implements LayoutStore {
  constructor(
    readonly root: string,
    private readonly limits: ArchiveLimits,
  ) {}

  private async inside(relative: string): Promise<string | null> {
    const full = nodePath.join(this.root, relative);
    let real: string;
    try {
      real = await fsp.realpath(full);
    } catch {
      return null;
    }
    const root = await fsp.realpath(this.root);
    if (real !== root && !real.startsWith(root + nodePath.sep)) throw new RpcError('invalid_input', `${relative} in the layout ${this.root} points outside it`);
    return real;
  }

  async readSmall(relative: string): Promise<Buffer | null> {
    const real = await this.inside(relative);
    if (!real) return null;
    const stat = await fsp.stat(real);
    if (!stat.isFile()) return null;
    if (stat.size > this.limits.maxMetadataBytes) throw new RpcError('invalid_input', `${relative} in ${this.root} is ${stat.size} bytes, larger than the limit maxMetadataBytes = ${this.limits.maxMetadataBytes}`);
    return fsp.readFile(real);
  }

  /** The blob file itself (inside the layout) and its size, for a check that reads it on its own. */
  async region(relative: string): Promise<FileRegion | null> {
    const real = await this.inside(relative);
    if (!real) return null;
    const stat = await fsp.stat(real);
    return stat.isFile() ? { path: real, start: 0, length: stat.size } : null;
  }

  async open(relative: string): Promise<fs.ReadStream> {
    const real = await this.inside(relative);
    if (!real) throw new RpcError('not_found', `${relative} is missing from the layout ${this.root}`);
    return fs.createReadStream(real, { highWaterMark: 256 * 1024 });
  }
}

export interface OciDirOptions {
  platform?: string | undefined;
  limits?: Partial<ArchiveLimits> | undefined;
  early?: EarlyLayerReader | undefined;
}

export async function openOciLayoutDirectory(path: string, options: OciDirOptions = {}): Promise<OpenedImage> {
  const limits = archiveLimits(options.limits);
  let stat: fs.Stats;
  try {
    stat = await fsp.stat(path);
  } catch {
    throw new RpcError('not_found', `${path} does not exist`);
  }
  if (stat.isFile()) {
    // An OCI archive (a tar of a layout) given as a layout: open it as the archive it is.
    const { openArchive } = await import('./docker-archive');
    return openArchive(path, { platform: options.platform, limits: options.limits, early: options.early });
  }
  if (!stat.isDirectory()) throw new RpcError('invalid_input', `${path} is neither an OCI layout directory nor an archive`);
  const store = new DirectoryLayout(path, limits);
  const plan = await planOciLayout(store, path, options.platform);
  return imageFromPlan(path, plan, {
    limits,
    open: async (layer) => ({ stream: await store.open(blobPath(layer.digest!)), digest: layer.digest }),
    region: async (layer) => {
      const region = await store.region(blobPath(layer.digest!));
      return region ? { region, digest: layer.digest } : null;
    },
  });
}

