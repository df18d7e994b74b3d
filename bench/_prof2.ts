import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openImage } from '../main/core/images/sources/open-image';
import { defaultAnalyzers } from '../main/core/images/analyzers/default-analyzers';
import { analyzerKey } from '../main/core/images/layers/analyze-layer';
import { mergeLayers } from '../main/core/images/layers/merge-layers';
import { LayerCache } from '../main/core/scan/layer-cache';
async function main() {
  const [saved, home] = process.argv.slice(2) as [string, string];
  const image = await openImage({ kind: 'archive', path: saved }, {});
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(home, 'vigil.db'));
  const cache = new LayerCache(db as never);
  const key = analyzerKey(defaultAnalyzers());
  const analyses = image.layers.map((l) => cache.get(l.diffId, key)!);
  const a = analyses[0]!;
  console.log('files', a.files.length, 'owned', a.ownedPaths.length, 'prefixes', a.ownedPrefixes.length, 'symlinks', a.symlinks.length, 'pk', a.packages.length, 'whiteouts', a.whiteouts.length);
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    mergeLayers(image.layers.map((info, j) => ({ info, analysis: analyses[j]! })));
    console.log('merge', performance.now() - t);
  }
}
void main();
