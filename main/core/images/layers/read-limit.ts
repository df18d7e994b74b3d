// The benchmark's limit for a scan (DESIGN §8): the time to read and decompress the same layers,
// through the same source (gzip, zstd or plain, as the source stores them; diffIDs verified as in
// a scan), with the bytes thrown away. bench:scan reports a scan's time as a ratio of this.
import type { OpenedImage } from '../sources/image-source';
import { layerChunks } from './region-tar';

export interface ReadLimit {
  layers: number;
  /** Uncompressed tar bytes read. */
  bytes: number;
  ms: number;
}

export async function measureReadLimit(image: OpenedImage, wanted: ReadonlySet<string> = new Set(image.layers.map((l) => l.diffId)), signal?: AbortSignal): Promise<ReadLimit> {
  const started = performance.now();
  let bytes = 0;
  let layers = 0;
  await image.readLayers(
    wanted,
    async (_layer, tar) => {
      layers += 1;
      for await (const chunk of layerChunks(tar, signal)) bytes += chunk.length;
    },
    signal,
  );
  return { layers, bytes, ms: performance.now() - started };
}
