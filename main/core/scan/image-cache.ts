// What a scan derived from an image's merged layers (inventory, unowned files, merge notes …),
// cached by image ID and a key of everything it was derived from (the ordered diffIDs, the
// analyzer set, the pipeline's version): a rescan of an unchanged image skips reading the layer
// cache and merging. At most MAX_KEYS_PER_IMAGE keys per image and MAX_ROWS in all, the oldest
// dropped. Stored as gzip'd ASCII-only JSON (see layer-cache.ts).
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LayerInfo } from '../../../shared/model/image';
import type { Db } from '../store/database';
import { asciiJson } from './layer-cache';

export const MAX_KEYS_PER_IMAGE = 3;
export const MAX_ROWS = 500;

/**
 * The key of a merged result: the layers in order, the analyzer set, and `pipeline`, a version the
 * scanner bumps whenever what it derives from the layers changes (merge, finishInventory …).
 */
export function imageCacheKey(layers: readonly Pick<LayerInfo, 'diffId'>[], analyzerKey: string, pipeline: string): string {
  const hash = createHash('sha256');
  hash.update(`${pipeline}\n${analyzerKey}\n`);
  for (const layer of layers) hash.update(`${layer.diffId}\n`);
  return hash.digest('hex');
}

export class ImageCache {
  private readonly select;
  private readonly remove;
  private readonly insert;
  private readonly trimImage;
  private readonly trimAll;

  constructor(private readonly db: Db) {
    this.select = db.prepare('SELECT value FROM image_cache WHERE image_id = ? AND cache_key = ?');
    this.remove = db.prepare('DELETE FROM image_cache WHERE image_id = ? AND cache_key = ?');
    this.insert = db.prepare('INSERT INTO image_cache (image_id, cache_key, value, created_at) VALUES (?, ?, ?, ?)');
    this.trimImage = db.prepare(
      `DELETE FROM image_cache WHERE image_id = @imageId AND id NOT IN (SELECT id FROM image_cache WHERE image_id = @imageId ORDER BY id DESC LIMIT ${MAX_KEYS_PER_IMAGE})`,
    );
    this.trimAll = db.prepare(`DELETE FROM image_cache WHERE id <= (SELECT max(id) FROM image_cache) - ${MAX_ROWS}`);
  }

  get<T>(imageId: string, key: string): T | null {
    const row = this.select.get(imageId, key) as { value: Buffer } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(gunzipSync(row.value).toString('latin1')) as T;
    } catch {
      return null; // a damaged row is only a miss
    }
  }

  put(imageId: string, key: string, value: unknown): void {
    const blob = gzipSync(asciiJson(value), { level: 1 });
    this.db.transaction(() => {
      this.remove.run(imageId, key);
      this.insert.run(imageId, key, blob, new Date().toISOString());
      this.trimImage.run({ imageId });
      this.trimAll.run();
    })();
  }
}
