import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../main/core/app-core';
import { ImageScanner } from '../main/core/scan/image-scanner';
import { LayerCache } from '../main/core/scan/layer-cache';
import { ImageRepository } from '../main/core/scan/image-repository';
import { mergeLayers } from '../main/core/images/layers/merge-layers';
import { finishInventory } from '../main/core/scan/finish-inventory';
import { openImage } from '../main/core/images/sources/open-image';
import { defaultAnalyzers } from '../main/core/images/analyzers/default-analyzers';
import { analyzerKey } from '../main/core/images/layers/analyze-layer';
import { matchPackages } from '../main/core/vulndb/match-packages';
import { VulnDb } from '../main/core/vulndb/vulndb';
import { attributeFindings } from '../main/core/scan/attribute-findings';

const fixtures = path.resolve(__dirname, '../../shared/fixtures');
function task() {
  const controller = new AbortController();
  return { id: 'bench', signal: controller.signal, progress: () => undefined, throwIfCancelled: () => undefined };
}
async function main() {
  const saved = process.argv[2]!;
  const home = process.env.PROF_HOME ?? fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-prof-'));
  const core = createCore({ dataDir: home });
  const spec = { kind: 'archive' as const, path: saved };
  const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath });
  if (!process.env.PROF_HOME) {
    const imported = await core.server.call({ role: 'administrator', transport: 'internal', actor: 'bench' }, 'vulndb.import', {
      paths: ['advisories/ghsa-npm', 'advisories/go-osv', 'advisories/pypa-osv', 'advisories/alpine-secdb/v3.10'].map((p) => path.join(fixtures, p)),
    });
    if (!imported.ok) throw new Error(imported.error.message);
    const taskId = (imported.value as { taskId: string }).taskId;
    while (core.tasks.get(taskId)?.state === 'running') await new Promise((r) => setTimeout(r, 50));
    let t = performance.now();
    await scanner.scan({ spec, refresh: true, trigger: 'cli' }, task());
    console.log('cold', performance.now() - t);
    console.log('home', home);
  }
  const lap = (() => { let t = performance.now(); return (what: string) => { const n = performance.now(); console.log(what.padEnd(20), (n - t).toFixed(1)); t = n; }; })();
  const key = analyzerKey(defaultAnalyzers());
  const image = await openImage(spec, {});
  lap('open');
  const cache = new LayerCache(core.store.db());
  const analyses = image.layers.map((l) => cache.get(l.diffId, key)!);
  lap('cache.get');
  const merged = mergeLayers(image.layers.map((info, i) => ({ info, analysis: analyses[i]! })));
  lap('merge');
  const packages = finishInventory(merged.packages, merged.os, merged.osOwnedPaths);
  lap('finish');
  const db = VulnDb.open(core.vulnDbPath);
  const matches = matchPackages(db, merged.os, packages);
  db.close();
  lap('match');
  const v = attributeFindings(matches, packages, new Map());
  lap('attribute');
  console.log('files', merged.files.size, 'unowned', merged.unownedFiles.length, 'packages', packages.length, 'findings', v.length);
  const t = performance.now();
  await scanner.scan({ spec, refresh: false, trigger: 'cli' }, task());
  console.log('warm scan', performance.now() - t);
  await core.close();
}
void main();
