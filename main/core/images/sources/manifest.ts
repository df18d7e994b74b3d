// OCI / Docker v2 manifests and indexes (manifest lists), as stored in OCI layouts and served
// by registries: parse them, tell an index from a manifest, and turn a manifest plus its config
// into the layer list.
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import { layerCreatedBy } from './image-config';
import type { ImageConfig } from './image-source';
import type { Platform } from './platform';

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerSchema1: 'application/vnd.docker.distribution.manifest.v1+json',
  dockerSchema1Signed: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
} as const;

export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform: Platform | null;
  annotations: Record<string, string>;
  urls: string[];
}

export type ParsedManifest = { kind: 'index'; mediaType: string; manifests: Descriptor[] } | { kind: 'manifest'; mediaType: string; config: Descriptor; layers: Descriptor[] };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isIndexMediaType(mediaType: string | null | undefined): boolean {
  return mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList;
}

export function isManifestMediaType(mediaType: string | null | undefined): boolean {
  return mediaType === MEDIA.ociManifest || mediaType === MEDIA.dockerManifest;
}

function descriptor(raw: unknown, what: string): Descriptor {
  if (!isObject(raw)) throw new RpcError('invalid_input', `${what}: a descriptor is not an object`);
  const digest = raw.digest;
  if (typeof digest !== 'string' || !/^sha(256|512):[a-f0-9]+$/.test(digest)) throw new RpcError('invalid_input', `${what}: malformed digest ${JSON.stringify(digest)}`);
  const platform = isObject(raw.platform) && typeof raw.platform.os === 'string' && typeof raw.platform.architecture === 'string' ? { os: raw.platform.os, architecture: raw.platform.architecture, variant: typeof raw.platform.variant === 'string' ? raw.platform.variant : null } : null;
  const annotations: Record<string, string> = {};
  if (isObject(raw.annotations)) for (const [k, v] of Object.entries(raw.annotations)) if (typeof v === 'string') annotations[k] = v;
  return {
    mediaType: typeof raw.mediaType === 'string' ? raw.mediaType : '',
    digest,
    size: typeof raw.size === 'number' ? raw.size : -1,
    platform,
    annotations,
    urls: Array.isArray(raw.urls) ? raw.urls.filter((u): u is string => typeof u === 'string') : [],
  };
}

/** `contentType` (from a registry) wins over the mediaType field; without either, the shape decides. */
export function parseManifest(raw: unknown, what: string, contentType?: string | null): ParsedManifest {
  if (!isObject(raw)) throw new RpcError('invalid_input', `${what} is not a JSON object`);
  const declared = (contentType?.split(';')[0]?.trim() || (typeof raw.mediaType === 'string' ? raw.mediaType : '')) ?? '';
  if (declared === MEDIA.dockerSchema1 || declared === MEDIA.dockerSchema1Signed || raw.schemaVersion === 1) {
    throw new RpcError('invalid_input', `${what} is a Docker schema 1 manifest, which is deprecated and not supported; push the image again with a current client`);
  }
  const isIndex = isIndexMediaType(declared) || (!isManifestMediaType(declared) && Array.isArray(raw.manifests));
  if (isIndex) {
    if (!Array.isArray(raw.manifests)) throw new RpcError('invalid_input', `${what} is an index without manifests`);
    return { kind: 'index', mediaType: declared || MEDIA.ociIndex, manifests: raw.manifests.map((m) => descriptor(m, what)) };
  }
  if (!isObject(raw.config) || !Array.isArray(raw.layers)) throw new RpcError('invalid_input', `${what} is neither an image manifest nor an index (no config and layers)`);
  return { kind: 'manifest', mediaType: declared || MEDIA.ociManifest, config: descriptor(raw.config, what), layers: raw.layers.map((l) => descriptor(l, what)) };
}

/** Buildkit's provenance/SBOM attestations sit in indexes as 'unknown/unknown' manifests: not images. */
export function isAttestation(d: Descriptor): boolean {
  return d.annotations['vnd.docker.reference.type'] === 'attestation-manifest' || (d.platform?.os === 'unknown' && d.platform.architecture === 'unknown');
}

/** The layer list: manifest layer i is diffID i of the config. */
export function manifestLayers(manifest: Extract<ParsedManifest, { kind: 'manifest' }>, config: ImageConfig, what: string): LayerInfo[] {
  if (manifest.layers.length !== config.diffIds.length) {
    throw new RpcError('invalid_input', `${what}: the manifest lists ${manifest.layers.length} layers but the config has ${config.diffIds.length} diffIDs`);
  }
  const createdBy = layerCreatedBy(config);
  return manifest.layers.map((layer, index) => ({
    index,
    diffId: config.diffIds[index]!,
    digest: layer.digest,
    size: layer.size >= 0 ? layer.size : null,
    createdBy: createdBy[index] ?? null,
  }));
}

/** Where an OCI layout keeps a blob: blobs/<algorithm>/<hex>. The digest was validated by parseManifest. */
export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  if (!algorithm || !hex || !/^[a-f0-9]+$/.test(hex) || !/^sha(256|512)$/.test(algorithm)) throw new RpcError('invalid_input', `Malformed digest ${JSON.stringify(digest)}`);
  return `blobs/${algorithm}/${hex}`;
}
