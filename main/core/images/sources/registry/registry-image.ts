// An image pulled through the Registry HTTP API v2: manifest (or index → platform → manifest),
// config and layer blobs, each verified against its digest; layers streamed, never stored.
import { RpcError } from '../../../../../shared/contracts/errors';
import { archiveLimits, type ArchiveLimits } from '../../layers/archive-limits';
import { parseImageConfig, parseJson } from '../image-config';
import type { OpenedImage } from '../image-source';
import { readLayersFromStore } from '../layer-reading';
import { isAttestation, MANIFEST_ACCEPT, manifestLayers, parseManifest, type ParsedManifest } from '../manifest';
import { platformOf } from '../oci-layout';
import { choosePlatform } from '../platform';
import { formatReference, parseReference } from './reference';
import { RegistryClient, type RegistryOptions } from './registry-client';

export interface RegistryImageOptions {
  platform?: string | undefined;
  limits?: Partial<ArchiveLimits> | undefined;
  signal?: AbortSignal | undefined;
}

export async function openRegistryImage(ref: string, registry: RegistryOptions = {}, options: RegistryImageOptions = {}): Promise<OpenedImage> {
  const limits = archiveLimits(options.limits);
  const parsed = parseReference(ref);
  const client = new RegistryClient(parsed.registry, registry);
  const name = formatReference(parsed);
  try {
    const { repository } = parsed;
    const top = await client.getManifest(repository, parsed.digest ?? parsed.tag!, MANIFEST_ACCEPT, limits.maxMetadataBytes, options.signal);
    let manifest: ParsedManifest = parseManifest(parseJson(top.bytes, `The manifest of ${name}`), `The manifest of ${name}`, top.contentType);
    let platform: string | null = null;
    let depth = 0;
    while (manifest.kind === 'index') {
      if (depth++ >= 4) throw new RpcError('invalid_input', `${name}: indexes nested deeper than 4`);
      const candidates = manifest.manifests.filter((d) => !isAttestation(d)).map((d) => ({ platform: d.platform, item: d }));
      const chosen = choosePlatform(name, candidates, options.platform);
      platform = chosen.platform;
      const next = await client.getManifest(repository, chosen.item.digest, MANIFEST_ACCEPT, limits.maxMetadataBytes, options.signal);
      manifest = parseManifest(parseJson(next.bytes, `The manifest ${chosen.item.digest} of ${name}`), `The manifest ${chosen.item.digest} of ${name}`, next.contentType);
    }
    const configBytes = await client.readBlob(repository, manifest.config.digest, limits.maxMetadataBytes, options.signal);
    const config = parseImageConfig(parseJson(configBytes, `The config of ${name}`), `The config of ${name}`);
    const layers = manifestLayers(manifest, config, name);
    if (options.platform && !platform) {
      // A single-platform manifest: say so when it is not what was asked for.
      const own = platformOf(config);
      choosePlatform(name, [{ platform: config.os && config.architecture ? { os: config.os, architecture: config.architecture, variant: config.variant } : null, item: null }], options.platform);
      platform = own;
    }
    const foreign = new Map(manifest.layers.map((l, i) => [i, l.urls.length > 0]));
    return {
      id: manifest.config.digest,
      name,
      repoTags: parsed.tag ? [`${parsed.familiarName}:${parsed.tag}`] : [],
      repoDigests: [`${parsed.familiarName}@${top.digest}`],
      config,
      layers,
      platform: platform ?? platformOf(config),
      readLayers: (wanted, onLayer, signal) =>
        readLayersFromStore(layers, wanted, onLayer, {
          image: name,
          limits,
          signal: signal ?? options.signal,
          open: async (layer) => {
            try {
              return { stream: await client.openBlob(repository, layer.digest!, signal ?? options.signal), digest: layer.digest };
            } catch (error) {
              if (error instanceof RpcError && error.code === 'not_found' && foreign.get(layer.index)) {
                throw new RpcError('not_found', `${name}: layer ${layer.index} is a foreign (non-distributable) layer that ${parsed.registry} does not hold`);
              }
              throw error;
            }
          },
        }),
      close: async () => client.close(),
    };
  } catch (error) {
    client.close();
    throw error;
  }
}

/** The tags of a repository ('registry.example.com/team/app', 'alpine'), for scanning them all. */
export async function listRepositoryTags(repository: string, registry: RegistryOptions = {}, signal?: AbortSignal): Promise<string[]> {
  const parsed = parseReference(repository);
  const client = new RegistryClient(parsed.registry, registry);
  try {
    return await client.listTags(parsed.repository, signal);
  } finally {
    client.close();
  }
}
