// Shared plumbing for sources: deliver wanted layers from a random-access store in image order,
// and walk an outer tar stream (docker save, .tar.gz archives) entry by entry, each entry handed
// out as a Node stream that the consumer may destroy without breaking the walk.
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { RpcError } from '../../../../shared/contracts/errors';
import type { LayerInfo } from '../../../../shared/model/image';
import { describeLayer, limitExceeded, type ArchiveLimits, type LimitContext } from '../layers/archive-limits';
import { decodeStream, throwIfAborted } from '../layers/layer-decode';
import { digestWorker, type DigestCheckHandle, type FileRegion } from '../layers/off-thread-digest';
import { FileRegionTar } from '../layers/region-tar';
import { normaliseEntryPath } from '../layers/tar-path';
import type { ImageConfig, OpenedImage } from './image-source';

export type OnLayer = (layer: LayerInfo, tar: Readable) => Promise<void>;

/** Each wanted diffID once, in image order (the first layer that has it). */
export function wantedInOrder(layers: readonly LayerInfo[], wanted: ReadonlySet<string>): LayerInfo[] {
  const seen = new Set<string>();
  const out: LayerInfo[] = [];
  for (const layer of layers) {
    if (!wanted.has(layer.diffId) || seen.has(layer.diffId)) continue;
    seen.add(layer.diffId);
    out.push(layer);
  }
  return out;
}

/** Hand a decoded layer stream to onLayer; make sure it is consumed or released before returning. */
export async function handOver(layer: LayerInfo, stream: Readable, onLayer: OnLayer): Promise<void> {
  try {
    await onLayer(layer, stream);
  } finally {
    if (!stream.destroyed && !stream.readableEnded) stream.destroy();
  }
}

export interface StoreReadOptions {
  image: string;
  limits: ArchiveLimits;
  signal?: AbortSignal | undefined;
  /** Opens the stored blob of a layer (compressed or not), and the digest of the stored bytes when the source has one. */
  open(layer: LayerInfo): Promise<{ stream: Readable; digest: string | null }>;
  /** Where the blob lies in a file, when it does: its digests are then checked off the main thread. */
  region?(layer: LayerInfo): Promise<{ region: FileRegion; digest: string | null } | null>;
}

export async function readLayersFromStore(layers: readonly LayerInfo[], wanted: ReadonlySet<string>, onLayer: OnLayer, options: StoreReadOptions): Promise<void> {
  const order = wantedInOrder(layers, wanted);
  const context = (layer: LayerInfo): LimitContext => ({ image: options.image, where: describeLayer(layer) });
  // Every layer's check is queued at once, so the worker runs ahead of the walk
  const checks = new Map<string, { check: DigestCheckHandle; region: FileRegion }>();
  const worker = options.region ? digestWorker() : null;
  if (worker) {
    for (const layer of order) {
      const stored = await options.region!(layer);
      if (stored) checks.set(layer.diffId, { region: stored.region, check: worker.check(stored.region, { digest: stored.digest, diffId: layer.diffId, limits: options.limits, context: context(layer) }) });
    }
  }
  /** The layer as a decoded stream: checked inline, or gated on the worker's verdict. */
  const decoded = async (layer: LayerInfo, verdict: Promise<void> | null): Promise<Readable> => {
    const { stream, digest } = await options.open(layer);
    const expect = verdict ? { verdict } : { digest, diffId: layer.diffId };
    return (await decodeStream(stream, { limits: options.limits, context: context(layer), ...expect, signal: options.signal })).stream;
  };
  try {
    for (const layer of order) {
      throwIfAborted(options.signal);
      const checked = checks.get(layer.diffId);
      if (checked) {
        const { region, check } = checked;
        const tar = new FileRegionTar(region, check, () => decoded(layer, check.verdict), options.signal);
        await handOver(layer, tar, onLayer);
        if (!tar.claimed) check.cancel(); // nobody read it: no need to check it
      } else {
        await handOver(layer, await decoded(layer, null), onLayer);
      }
    }
  } catch (error) {
    // the read failed: no check is of use any more, those handed over to consumers included
    for (const { check } of checks.values()) check.cancel();
    throw error;
  }
}

/** What a planned file-backed source (docker-save tar, OCI layout) knows before reading layers. */
export interface ImagePlan {
  id: string;
  repoTags: string[];
  config: ImageConfig;
  layers: LayerInfo[];
  platform: string | null;
}

/** An OpenedImage over a plan of a file at `path`, its layers read by `readLayers`. */
export function openedFromPlan(path: string, plan: ImagePlan, readLayers: OpenedImage['readLayers']): OpenedImage {
  return {
    id: plan.id,
    name: path,
    repoTags: plan.repoTags,
    repoDigests: [],
    config: plan.config,
    layers: plan.layers,
    platform: plan.platform,
    readLayers,
    close: async () => undefined,
  };
}

/** An OpenedImage over a plan whose layers are opened from random-access storage. */
export function imageFromPlan(path: string, plan: ImagePlan, options: Omit<StoreReadOptions, 'image'>): OpenedImage {
  return openedFromPlan(path, plan, (wanted, onLayer, signal) => readLayersFromStore(plan.layers, wanted, onLayer, { ...options, image: path, signal: signal ?? options.signal }));
}

export interface StreamEntry {
  name: string;
  size: number;
  type: string;
}

/** What a visitor does with an entry: read it ('stream' given), or 'stop' the walk after it. */
export type Visit = (entry: StreamEntry, stream: Readable) => Promise<void | 'stop'>;

/**
 * Walk an (uncompressed) tar stream. The visitor may consume, destroy or ignore each entry's
 * stream; what it leaves is drained. Entry names are normalised; names leaving the root are skipped.
 */
export async function walkTarStream(input: Readable, visit: Visit, options: { limits: ArchiveLimits; context: LimitContext; signal?: AbortSignal | undefined }): Promise<void> {
  const extract = tarStream.extract({ allowUnknownFormat: true } as Parameters<typeof tarStream.extract>[0]);
  let failure: unknown = null;
  const piping = pipeline(input, extract as unknown as NodeJS.WritableStream).catch((error: unknown) => {
    failure = error;
  });
  let count = 0;
  let stopped = false;
  try {
    for await (const entry of extract) {
      throwIfAborted(options.signal);
      count += 1;
      if (count > options.limits.maxEntries) throw limitExceeded(options.context, 'maxEntries', count, options.limits.maxEntries, 'number of entries');
      const header = entry.header;
      const normalised = normaliseEntryPath(header.name);
      const { stream, finished } = detachEntry(entry as unknown as EntrySource);
      let verdict: void | 'stop' = undefined;
      try {
        if (normalised.ok && normalised.path) verdict = await visit({ name: normalised.path, size: header.size ?? 0, type: header.type }, stream);
      } finally {
        if (!stream.readableEnded && !stream.destroyed) stream.destroy();
      }
      await finished;
      if (verdict === 'stop') {
        stopped = true;
        break;
      }
    }
    if (!stopped) {
      await piping;
      if (failure) throw failure;
    }
  } catch (error) {
    input.destroy();
    await piping;
    if (error instanceof RpcError) throw error;
    throw new RpcError('invalid_input', `Image ${options.context.image}, ${options.context.where}: cannot be read as a tar archive: ${(error as Error)?.message ?? String(error)}`);
  }
  if (stopped) {
    input.destroy();
    await piping;
  }
}

interface EntrySource {
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * A tar-stream entry as a Node stream. Destroying the returned stream only stops delivery: the
 * entry is drained so the walk goes on (destroying a tar-stream entry would kill the whole walk).
 */
function detachEntry(entry: EntrySource): { stream: PassThrough; finished: Promise<void> } {
  const stream = new PassThrough({ highWaterMark: 64 * 1024 });
  let detached = false;
  const finished = new Promise<void>((resolve) => {
    entry.on('end', resolve);
    entry.on('close', resolve);
    entry.on('error', () => resolve());
  });
  entry.on('data', (chunk: Buffer) => {
    if (detached) return;
    if (!stream.write(chunk)) {
      entry.pause();
      stream.once('drain', () => entry.resume());
    }
  });
  entry.on('end', () => {
    if (!detached) stream.end();
  });
  entry.on('error', (error: Error) => {
    if (!detached) stream.destroy(error);
  });
  stream.on('close', () => {
    if (!stream.writableFinished) {
      detached = true;
      entry.resume();
    }
  });
  return { stream, finished };
}

/** Read a whole small entry (JSON metadata) within a byte budget. */
export async function readAll(stream: Readable, max: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    length += (chunk as Buffer).length;
    if (length > max) throw new RpcError('invalid_input', `${what} is larger than ${max} bytes (limit maxMetadataBytes)`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
