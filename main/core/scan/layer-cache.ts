// Per-layer analysis cached by diffID: a layer shared by many images (or scanned again) is read
// once. Stored gzip'd JSON; a different analyzer set means a miss, so results never go stale.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { LayerAnalysis } from '../images/layers/layer-analysis';
import type { Db } from '../store/database';

export class LayerCache {
  private readonly select;
  private readonly upsert;

  constructor(db: Db) {
    this.select = db.prepare('SELECT analysis FROM layer_cache WHERE diff_id = ? AND analyzer_key = ?');
    this.upsert = db.prepare(
      `INSERT INTO layer_cache (diff_id, analyzer_key, analysis, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(diff_id) DO UPDATE SET analyzer_key = excluded.analyzer_key, analysis = excluded.analysis, created_at = excluded.created_at`,
    );
  }

  get(diffId: string, analyzerKey: string): LayerAnalysis | null {
    const row = this.select.get(diffId, analyzerKey) as { analysis: Buffer } | undefined;
    if (!row) return null;
    try {
      return JSON.parse(gunzipSync(row.analysis).toString('utf8')) as LayerAnalysis;
    } catch {
      return null; // a damaged cache row is only a miss
    }
  }

  put(analysis: LayerAnalysis): void {
    this.upsert.run(analysis.diffId, analysis.analyzerKey, gzipSync(JSON.stringify(analysis), { level: 1 }), new Date().toISOString());
  }
}
