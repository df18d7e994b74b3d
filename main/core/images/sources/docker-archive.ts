// docker-save tarballs, both layouts: the legacy one (manifest.json, <id>/layer.tar, <id>/json,
// repositories) and the one Docker 25+ writes (an OCI layout, blobs/sha256/…, index.json, plus
// manifest.json); and OCI archives (a tar of an OCI layout without manifest.json). Plain .tar
// files are indexed by seeking over their headers, so unwanted layers are never read; compressed
// ones (.tar.gz, told by magic bytes) are streamed once: docker save writes manifest.json after
// the layers, so each layer goes to the caller's EarlyLayerReader as it passes and is hashed on
// the way, to learn at the end which layer it was. Without a reader (or for a layer the early
// read missed) the wanted layers are streamed in a second pass.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { Readable } from 'node:stream';
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import { archiveLimits, describeLayer, type ArchiveLimits, type LimitContext } from '../layers/archive-limits';
import { chain, decodeStream, detectCompression, DigestTap, peekStream, throwIfAborted } from '../layers/layer-decode';
import { layerInfos, parseImageConfig, parseJson, sha256Digest } from './image-config';
import type { EarlyLayerReader, ImageConfig, OpenedImage } from './image-source';
import { handOver, imageFromPlan, openedFromPlan, readAll, walkTarStream, wantedInOrder, type OnLayer } from './layer-reading';
import { blobPath } from './manifest';
import { planOciLayout, platformOf, type LayoutStore } from './oci-layout';
import { isTarHeader } from '../layers/tar-header';
import { indexTarFile, type TarIndexEntry } from './tar-index';
import { formatPlatform, parsePlatform, platformMatches } from './platform';

export interface ArchiveOptions {
  platform?: string | undefined;
  limits?: Partial<ArchiveLimits> | undefined;
  signal?: AbortSignal | undefined;
  /** A compressed archive's layers go here as they stream past while it is opened (one read). */
  early?: EarlyLayerReader | undefined;
}

/** What a docker-save manifest.json (or an OCI layout inside the archive) says the image is. */
export interface ArchivePlan {
  id: string;
  config: ImageConfig;
  repoTags: string[];
  layers: LayerInfo[];
  /** Entry name of each layer's stored tar, by layer index. */
  layerPaths: string[];
  platform: string | null;
  notes: string[];
}

interface SaveManifestEntry {
  Config?: unknown;
  RepoTags?: unknown;
  Layers?: unknown;
}

/** The digest of a blobs/<alg>/<hex> entry: what its stored bytes must hash to. */
export function blobDigestOf(name: string): string | null {
  const match = /^blobs\/(sha256|sha512)\/([a-f0-9]+)$/.exec(name);
  return match ? `${match[1]}:${match[2]}` : null;
}

/** Plan from manifest.json (first image when a save holds several) and its config. */
export async function planDockerSave(read: (name: string) => Promise<Buffer | null>, sizeOf: (name: string) => number | null, image: string, wantedPlatform: string | null | undefined): Promise<ArchivePlan> {
  const manifestBytes = await read('manifest.json');
  if (!manifestBytes) throw new RpcError('invalid_input', `${image}: no manifest.json`);
  const manifest = parseJson(manifestBytes, `${image}: manifest.json`);
  if (!Array.isArray(manifest) || manifest.length === 0) throw new RpcError('invalid_input', `${image}: manifest.json lists no image`);
  const notes: string[] = [];
  const entry = manifest[0] as SaveManifestEntry;
  if (manifest.length > 1) {
    const names = manifest.map((m: SaveManifestEntry) => (Array.isArray(m.RepoTags) && m.RepoTags[0]) || String(m.Config)).join(', ');
    notes.push(`${image} holds ${manifest.length} images (${names}); the first was scanned`);
  }
  if (typeof entry?.Config !== 'string' || !Array.isArray(entry.Layers) || !entry.Layers.every((l) => typeof l === 'string')) {
    throw new RpcError('invalid_input', `${image}: manifest.json has no Config and Layers`);
  }
  const configName = normaliseName(entry.Config);
  const configBytes = await read(configName);
  if (!configBytes) throw new RpcError('invalid_input', `${image}: the config ${entry.Config} named by manifest.json is missing`);
  const blobDigest = blobDigestOf(configName);
  const id = sha256Digest(configBytes);
  if (blobDigest && blobDigest.startsWith('sha256:') && blobDigest !== id) throw new RpcError('invalid_input', `${image}: the config ${configName} does not match its digest`);
  const config = parseImageConfig(parseJson(configBytes, `${image}: config`), `${image}: config ${entry.Config}`);
  const layerPaths = (entry.Layers as string[]).map(normaliseName);
  if (layerPaths.length !== config.diffIds.length) throw new RpcError('invalid_input', `${image}: manifest.json lists ${layerPaths.length} layers but the config has ${config.diffIds.length} diffIDs`);
  const layers = layerInfos(
    config,
    layerPaths.map((p) => ({ digest: blobDigestOf(p), size: sizeOf(p) })),
  );
  const platform = platformOf(config);
  if (wantedPlatform && platform && !platformMatches(parsePlatform(platform), parsePlatform(wantedPlatform))) {
    throw new RpcError('not_found', `${image} has no image for the platform ${formatPlatform(parsePlatform(wantedPlatform))}. Available platforms: ${platform}`, { image, platforms: [platform], reason: 'no-matching-platform' });
  }
  const repoTags = Array.isArray(entry.RepoTags) ? entry.RepoTags.filter((t): t is string => typeof t === 'string') : [];
  return { id, config, repoTags, layers, layerPaths, platform, notes };
}

function normaliseName(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '');
}

function archiveContext(image: string): LimitContext {
  return { image, where: 'the archive' };
}

export async function openArchive(path: string, options: ArchiveOptions = {}): Promise<OpenedImage> {
  const limits = archiveLimits(options.limits);
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, 'r');
  } catch (error) {
    throw new RpcError('not_found', `${path} cannot be opened: ${(error as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new RpcError('invalid_input', `${path} is not a file`);
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    const compression = detectCompression(head.subarray(0, bytesRead));
    if (compression !== 'none') {
      await handle.close();
      return await openCompressedArchive(path, limits, options);
    }
    if (bytesRead < 512 || !isTarHeader(head)) {
      const empty = bytesRead === 512 && head.every((b) => b === 0);
      throw new RpcError('invalid_input', empty ? `${path} is an empty tar archive: no manifest.json or index.json, so no image` : `${path} is not a tar archive (nor gzip or zstd compressed)`);
    }
    const entries = await indexTarFile(handle, stat.size, limits, archiveContext(path));
    await handle.close();
    return await openIndexedArchive(path, entries, limits, options);
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

async function openIndexedArchive(path: string, list: TarIndexEntry[], limits: ArchiveLimits, options: ArchiveOptions): Promise<OpenedImage> {
  const entries = new Map<string, TarIndexEntry>();
  for (const e of list) if (e.type === 'file') entries.set(e.name, e);
  const readSmall = async (name: string): Promise<Buffer | null> => {
    const e = entries.get(normaliseName(name));
    if (!e) return null;
    if (e.size > limits.maxMetadataBytes) throw new RpcError('invalid_input', `${path}: ${name} is ${e.size} bytes, larger than the limit maxMetadataBytes = ${limits.maxMetadataBytes}`);
    const handle = await fsp.open(path, 'r');
    try {
      const buffer = Buffer.alloc(e.size);
      await handle.read(buffer, 0, e.size, e.offset);
      return buffer;
    } finally {
      await handle.close();
    }
  };
  const plan = await planArchive(path, readSmall, (name) => entries.get(name)?.size ?? null, entries.has('manifest.json'), entries.has('index.json'), list.length, options.platform);
  return imageFromPlan(path, plan, {
    limits,
    signal: options.signal,
    open: async (layer) => {
      const name = plan.layerPaths[layer.index]!;
      const e = entries.get(name);
      if (!e) throw new RpcError('invalid_input', `${path}: ${describeLayer(layer)} is listed as ${name}, which is not in the archive`);
      const stream = e.size === 0 ? emptyStream() : fs.createReadStream(path, { start: e.offset, end: e.offset + e.size - 1, highWaterMark: 1024 * 1024 });
      return { stream, digest: blobDigestOf(name) };
    },
    region: async (layer) => {
      const name = plan.layerPaths[layer.index]!;
      const e = entries.get(name);
      return e ? { region: { path, start: e.offset, length: e.size }, digest: blobDigestOf(name) } : null;
    },
  });
}

function emptyStream(): Readable {
  return fs.createReadStream('/dev/null');
}

async function planArchive(image: string, read: (name: string) => Promise<Buffer | null>, sizeOf: (name: string) => number | null, hasManifest: boolean, hasIndex: boolean, entryCount: number, platform: string | undefined): Promise<ArchivePlan> {
  if (hasManifest) return planDockerSave(read, sizeOf, image, platform);
  if (hasIndex) {
    const store: LayoutStore = { readSmall: read };
    const oci = await planOciLayout(store, image, platform);
    return { id: oci.id, config: oci.config, repoTags: oci.repoTags, layers: oci.layers, layerPaths: oci.layers.map((l) => blobPath(l.digest!)), platform: oci.platform, notes: [] };
  }
  throw new RpcError('invalid_input', entryCount === 0 ? `${image} is an empty tar archive: no manifest.json or index.json, so no image` : `${image} is a tar archive but not an image: it has no manifest.json (docker save) or index.json (OCI layout)`);
}

/** Entries worth keeping in memory while streaming: the JSON that describes the image. */
function isMetadataName(name: string): boolean {
  return name === 'manifest.json' || name === 'index.json' || name === 'oci-layout' || name === 'repositories' || (!name.includes('/') && name.endsWith('.json')) || /^[^/]+\/json$/.test(name) || /^blobs\/[^/]+\/[a-f0-9]+$/.test(name);
}

function looksLikeJson(bytes: Buffer): boolean {
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09);
  return first === 0x7b || first === 0x5b; // '{' or '['
}

/** The entry's bytes when it is JSON (told by its first byte, so a layer is never buffered); else null. */
async function readIfJson(stream: Readable, size: number, limits: ArchiveLimits, what: string): Promise<Buffer | null> {
  if (size > limits.maxMetadataBytes) return null;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    const buffer = chunk as Buffer;
    if (length === 0 && buffer.length > 0 && !looksLikeJson(buffer)) return null;
    length += buffer.length;
    if (length > limits.maxMetadataBytes) throw new RpcError('invalid_input', `${what} is larger than ${limits.maxMetadataBytes} bytes (limit maxMetadataBytes)`);
    chunks.push(buffer);
  }
  const bytes = Buffer.concat(chunks);
  return looksLikeJson(bytes) ? bytes : null;
}

/** The diffID of a stored layer: sha256 of its uncompressed tar. */
async function diffIdOf(stream: Readable, limits: ArchiveLimits, image: string, where: string, signal: AbortSignal | undefined): Promise<string> {
  const decoded = await decodeStream(stream, { limits, context: { image, where }, signal });
  const tap = new DigestTap();
  for await (const _chunk of chain(decoded.stream, [tap])) {
    // hashed on the way through
  }
  return tap.digest();
}

async function openCompressedArchive(path: string, limits: ArchiveLimits, options: ArchiveOptions): Promise<OpenedImage> {
  const context = archiveContext(path);
  const { early, signal } = options;
  const total = (await fsp.stat(path)).size;
  let stored = 0;
  const open = async (onStoredBytes?: (bytes: number) => void): Promise<Readable> => (await decodeStream(fs.createReadStream(path, { highWaterMark: 256 * 1024 }), { limits, context, signal, onStoredBytes })).stream;

  // One pass: the small JSON files, wherever they are in the stream, and (with an early reader)
  // every layer as it passes, hashed on the way to learn which layer it is once the manifest,
  // written last, says what the image is. Without one, layers are read in a second pass.
  const small = new Map<string, Buffer>();
  const sizes = new Map<string, number>();
  const earlyLayers = new Map<string, string>();
  let budget = 4 * limits.maxMetadataBytes;
  await walkTarStream(
    await open(early?.progress ? (n) => early.progress!((stored += n), total) : undefined),
    async (entry, stream) => {
      if (entry.type !== 'file') return;
      sizes.set(entry.name, entry.size);
      const layerish = early !== undefined && isLayerName(entry.name);
      if (!layerish && (!isMetadataName(entry.name) || entry.size > budget)) return;
      const { head, stream: whole } = await peekStream(stream, 512);
      if (head.length === 0 || looksLikeJson(head)) {
        if (!isMetadataName(entry.name) || entry.size > budget) return;
        const bytes = await readIfJson(whole, entry.size, limits, `${path}: ${entry.name}`);
        if (!bytes) return;
        budget -= bytes.length;
        small.set(entry.name, bytes);
        return;
      }
      if (!layerish || !(detectCompression(head) !== 'none' || isTarHeader(head))) return;
      const named = blobDigestOf(entry.name);
      if (early.wants && !early.wants(entry.name, named)) return; // not needed (a plain blob's digest is its diffID)
      const diffId = new DigestTap();
      try {
        const decoded = await decodeStream(whole, { limits, context: { image: path, where: `the layer stored as ${entry.name}` }, digest: named, signal });
        await early.read(entry.name, chain(decoded.stream, [diffId]));
      } catch (error) {
        if (signal?.aborted || RpcError.from(error).code === 'cancelled') throw error;
        // Not fatal yet: it may be no layer of this image. If it is, it is read again once the
        // manifest says which it is, and fails there, named as the layer it is.
        return;
      }
      earlyLayers.set(entry.name, diffId.digest());
    },
    { limits, context, signal },
  );
  const plan = await planArchive(path, async (name) => small.get(normaliseName(name)) ?? null, (name) => sizes.get(name) ?? null, small.has('manifest.json'), small.has('index.json'), sizes.size, options.platform);
  const byPath = new Map<string, LayerInfo>();
  plan.layers.forEach((layer, i) => {
    if (!byPath.has(plan.layerPaths[i]!)) byPath.set(plan.layerPaths[i]!, layer);
  });
  const image = openedFromPlan(path, plan, async (wanted, onLayer, readSignal) => {
    if (wantedInOrder(plan.layers, wanted).length === 0) return;
    const delivered = await streamSaveLayers(await open(), plan.layers, wanted, onLayer, { identify: (name) => byPath.get(name) ?? null }, { image: path, limits, signal: readSignal ?? signal });
    const missing = wantedInOrder(plan.layers, wanted).filter((l) => !delivered.has(l.diffId));
    if (missing.length > 0) throw new RpcError('invalid_input', `${path}: ${describeLayer(missing[0]!)} is listed as ${plan.layerPaths[missing[0]!.index]}, which is not in the archive`);
  });
  return early ? { ...image, earlyLayers } : image;
}

export interface SaveStreamHooks {
  /** The layer an entry holds, when known before its content. */
  identify(name: string): LayerInfo | null;
  /** Small JSON entries as they pass (manifest.json, <id>/json, the config), for sources that learn as they go. */
  onMetadata?(name: string, bytes: Buffer): void;
  /** A layer entry nobody could identify before its content; its diffID, from hashing it. */
  onUnidentified?(name: string, diffId: string): void;
}

function isLayerName(name: string): boolean {
  return name.endsWith('/layer.tar') || /^blobs\/[^/]+\/[a-f0-9]+$/.test(name) || /^[a-f0-9]{64}\.tar$/.test(name);
}

/**
 * One pass over a docker-save stream: wanted layers are decoded (gzip'd layer.tar files too) and
 * handed to onLayer as they pass, verified against their diffID; others are skipped. Stops once
 * every wanted layer has been delivered. Returns the diffIDs delivered.
 */
export async function streamSaveLayers(input: Readable, layers: readonly LayerInfo[], wanted: ReadonlySet<string>, onLayer: OnLayer, hooks: SaveStreamHooks, options: { image: string; limits: ArchiveLimits; signal?: AbortSignal | undefined }): Promise<Set<string>> {
  const { limits, image } = options;
  const targets = new Set(wantedInOrder(layers, wanted).map((l) => l.diffId));
  const delivered = new Set<string>();
  if (targets.size === 0) {
    input.destroy();
    return delivered;
  }
  await walkTarStream(
    input,
    async (entry, stream) => {
      throwIfAborted(options.signal);
      if (entry.type !== 'file') return;
      const layer = isLayerName(entry.name) || !hooks.onMetadata ? hooks.identify(entry.name) : null;
      if (layer) {
        if (!targets.has(layer.diffId) || delivered.has(layer.diffId)) return;
        const decoded = await decodeStream(stream, { limits, context: { image, where: describeLayer(layer) }, digest: blobDigestOf(entry.name), diffId: layer.diffId, signal: options.signal });
        delivered.add(layer.diffId);
        await handOver(layer, decoded.stream, onLayer);
        return delivered.size === targets.size ? 'stop' : undefined;
      }
      if (hooks.onMetadata && isMetadataName(entry.name) && entry.size <= limits.maxMetadataBytes && !entry.name.endsWith('/layer.tar')) {
        const bytes = await readAll(stream, limits.maxMetadataBytes, `${image}: ${entry.name}`);
        if (looksLikeJson(bytes)) {
          hooks.onMetadata(entry.name, bytes);
          return;
        }
        if (hooks.onUnidentified && isLayerName(entry.name)) hooks.onUnidentified(entry.name, await diffIdOf(Readable.from([bytes]), limits, image, entry.name, options.signal));
        return;
      }
      if (hooks.onUnidentified && isLayerName(entry.name)) hooks.onUnidentified(entry.name, await diffIdOf(stream, limits, image, entry.name, options.signal));
      return undefined;
    },
    { limits, context: archiveContext(image), signal: options.signal },
  );
  return delivered;
}
