// The sha256 of files that were not hashed while their layer was walked (LayerFile), once it is
// known which matter: read in place from the region the layer was just walked from (one read per
// file), or else by walking the layer's stream once more, hashing only those files. The layers'
// own analyses get the hashes too, so the layer cache keeps them.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type { ImageFile } from '../../../../shared/model/image';
import type { OpenedImage } from '../sources/image-source';
import { hashFileRange } from './hash-file-range';
import { throwIfAborted } from './layer-decode';
import type { LayerAnalysis, LayerFile } from './layer-analysis';
import type { FileRegion } from './off-thread-digest';
import { layerChunks } from './region-tar';
import { TarParser } from './tar-parser';

interface Wanted {
  /** The image's record of the file (what the report shows). */
  file: ImageFile;
  /** The layer analysis's record of the same file (what the layer cache keeps). */
  record: LayerFile;
}

/** Bytes hashed per read when a file is read in place. */
const READ_BYTES = 1024 * 1024;

export interface FillOptions {
  /** Regions the layers were walked from in place during this scan (verified against their diffIDs then). */
  regions: ReadonlyMap<string, FileRegion>;
  signal?: AbortSignal;
}

/**
 * Give every file of `files` its sha256 (those that have one are left alone). Returns the diffIDs
 * of the layers whose analyses gained hashes.
 */
export async function fillFileHashes(image: OpenedImage, analyses: ReadonlyMap<string, LayerAnalysis>, files: readonly ImageFile[], options: FillOptions): Promise<Set<string>> {
  const missing = new Map<string, Map<string, Wanted>>();
  const records = new Map<string, Map<string, LayerFile>>();
  for (const file of files) {
    if (file.sha256) continue;
    let byPath = records.get(file.layerDiffId);
    if (!byPath) {
      byPath = new Map((analyses.get(file.layerDiffId)?.files ?? []).filter((f) => !f.sha256).map((f) => [f.path, f]));
      records.set(file.layerDiffId, byPath);
    }
    const record = byPath.get(file.path);
    if (!record) throw new Error(`${file.path} in ${file.layerDiffId} has no hash and no recorded content`);
    let layer = missing.get(file.layerDiffId);
    if (!layer) missing.set(file.layerDiffId, (layer = new Map()));
    layer.set(file.path, { file, record });
  }
  const walk = new Set<string>();
  for (const [diffId, wanted] of missing) {
    const region = options.regions.get(diffId);
    if (region) await hashInPlace(region, wanted, options.signal);
    else walk.add(diffId);
  }
  if (walk.size > 0) {
    await image.readLayers(
      walk,
      async (layer, tar) => {
        const wanted = missing.get(layer.diffId)!;
        await hashByWalking(layerChunks(tar, options.signal), wanted);
        for (const [path, entry] of wanted) {
          if (!entry.record.sha256) throw new Error(`${path} was not found again in ${layer.diffId}`);
        }
      },
      options.signal,
    );
  }
  return new Set(missing.keys());
}

function settle(entry: Wanted, sha256: string): void {
  entry.file.sha256 = sha256;
  entry.record.sha256 = sha256;
  delete entry.record.offset;
}

/** Blocking reads (page-cache reads of a few KiB: a thread-pool round trip each would cost more), yielding now and then. */
async function hashInPlace(region: FileRegion, wanted: ReadonlyMap<string, Wanted>, signal: AbortSignal | undefined): Promise<void> {
  const fd = fs.openSync(region.path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let sinceYield = 0;
    for (const entry of wanted.values()) {
      const { size } = entry.record;
      const offset = entry.record.offset!;
      if (offset + size > region.length) throw new Error(`${entry.record.path}: its recorded content lies outside the layer`);
      const hash = createHash('sha256');
      hashFileRange(fd, region.start + offset, size, buffer, [hash], () => new Error(`${region.path} ended early: it changed while being scanned`));
      settle(entry, hash.digest('hex'));
      sinceYield += size;
      if (sinceYield > 16 * READ_BYTES) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
        throwIfAborted(signal);
      }
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** Walk the layer once more, hashing the contents that start at the wanted offsets (a hardlink shares its target's). */
async function hashByWalking(chunks: AsyncIterable<Buffer>, wanted: ReadonlyMap<string, Wanted>): Promise<void> {
  const byOffset = new Map<number, Wanted[]>();
  for (const entry of wanted.values()) {
    const at = entry.record.offset!;
    const list = byOffset.get(at);
    if (list) list.push(entry);
    else byOffset.set(at, [entry]);
  }
  let current: { entries: Wanted[]; hash: Hash } | null = null;
  const parser = new TarParser({
    entry: (e) => {
      const entries = e.type === 'file' ? byOffset.get(e.offset) : undefined;
      current = entries ? { entries, hash: createHash('sha256') } : null;
    },
    data: (chunk) => current?.hash.update(chunk),
    end: () => {
      if (current) {
        const sha256 = current.hash.digest('hex');
        for (const entry of current.entries) settle(entry, sha256);
      }
      current = null;
    },
  });
  for await (const chunk of chunks) if (!parser.ended) parser.push(chunk);
  parser.end();
}
