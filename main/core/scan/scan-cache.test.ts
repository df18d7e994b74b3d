// The scan caches (schema 3): layer analyses per analyzer set, at most 3 per layer, in their
// compact form; merged results per image; and saveScan leaving an unchanged inventory as it is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LayerAnalysis } from '../images/layers/layer-analysis';
import { alpineAppReport } from '../scan-output/scan-report.testkit';
import { openStore, type OpenedStore } from '../store/database';
import { ImageCache, imageCacheKey, MAX_KEYS_PER_IMAGE } from './image-cache';
import { ImageRepository, inventoryDigest } from './image-repository';
import { decodeLayerAnalysis, encodeLayerAnalysis, LayerCache, MAX_KEYS_PER_LAYER } from './layer-cache';

function analysis(overrides: Partial<LayerAnalysis> = {}): LayerAnalysis {
  return {
    diffId: 'sha256:aaa',
    analyzerKey: 'dpkg@1,npm@2',
    osCandidates: [{ family: 'debian', name: 'Debian GNU/Linux', version: '12', versionId: '12', codename: 'bookworm', source: 'etc/os-release' } as never],
    packages: [{ type: 'deb', name: 'tar', version: '1.34+dfsg-1.2', sourceName: 'tar', sourceVersion: null, namespace: null, arch: 'amd64', purl: 'pkg:deb/tar@1.34', licenses: ['GPL-3'], path: 'var/lib/dpkg/status', installedBy: null }],
    ownedPaths: ['/usr/bin/tar', '/usr/share/doc/tar/café', '/srv/app/x', '/srv/app/y'],
    ownedPrefixes: ['/usr/lib/node_modules/npm'],
    ownedBy: [
      { path: 'var/lib/dpkg/status', paths: 2, prefixes: 0, os: true },
      { path: 'srv/app/package.json', paths: 2, prefixes: 1 },
    ],
    osOwnedPaths: ['/usr/bin/tar', '/usr/share/doc/tar/café'],
    files: [
      { path: 'usr/bin/tar', size: 10, mode: 0o100755, uid: 0, gid: 0, sha256: 'a'.repeat(64) },
      { path: 'usr/share/doc/tar/café', size: 3, mode: 0o100644, uid: 0, gid: 0, sha256: 'b'.repeat(64) },
      { path: 'etc/日本語/🦀', size: 0, mode: 0o104755, uid: 1000, gid: 50, sha256: 'c'.repeat(64) },
      // read in place and not hashed yet: where its content is instead
      { path: 'usr/lib/libz.so.1', size: 9000, mode: 0o100644, uid: 0, gid: 0, sha256: '', offset: 1536 },
    ],
    symlinks: [{ path: 'bin', target: 'usr/bin' }],
    whiteouts: ['etc/old'],
    opaqueDirs: ['var/cache'],
    notes: ['a note with “quotes” and \u2028 in it'],
    bytes: 12345,
    entries: 7,
    ...overrides,
  };
}

let dir: string;
let store: OpenedStore;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scan-cache-'));
  store = openStore(dir);
});
afterEach(() => {
  store.db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('LayerCache', () => {
  it('gives back exactly what was put, non-ASCII names, derived osOwnedPaths and all', () => {
    const a = analysis();
    expect(decodeLayerAnalysis(encodeLayerAnalysis(a))).toEqual(a);
    // osOwnedPaths that are not the OS runs of ownedPaths are stored as they are
    const odd = analysis({ osOwnedPaths: ['/usr/bin/tar'] });
    expect(decodeLayerAnalysis(encodeLayerAnalysis(odd))).toEqual(odd);
    const legacy = analysis({ ownedBy: undefined });
    delete legacy.ownedBy;
    expect(decodeLayerAnalysis(encodeLayerAnalysis(legacy))).toEqual(legacy);
    const cache = new LayerCache(store.db);
    cache.put(a);
    expect(cache.get(a.diffId, a.analyzerKey)).toEqual(a);
    expect(cache.get(a.diffId, 'other')).toBeNull();
    expect(cache.get('sha256:bbb', a.analyzerKey)).toBeNull();
  });

  it('keeps one row per analyzer set, at most 3 per layer, dropping the oldest; a damaged row is a miss', () => {
    const cache = new LayerCache(store.db);
    const keys = ['k1', 'k2', 'k3', 'k4'];
    for (const key of keys.slice(0, 3)) cache.put(analysis({ analyzerKey: key }));
    cache.put(analysis({ analyzerKey: 'k1', notes: ['again'] })); // rewriting k1 makes it the newest
    expect(cache.get('sha256:aaa', 'k1')?.notes).toEqual(['again']);
    cache.put(analysis({ analyzerKey: 'k4' }));
    expect(MAX_KEYS_PER_LAYER).toBe(3);
    expect(keys.map((k) => cache.get('sha256:aaa', k) !== null)).toEqual([true, false, true, true]);
    cache.put(analysis({ diffId: 'sha256:other', analyzerKey: 'k9' }));
    expect(cache.get('sha256:aaa', 'k3')).not.toBeNull(); // other layers' rows do not count
    store.db.prepare(`UPDATE layer_cache SET analysis = X'00' WHERE analyzer_key = 'k4'`).run();
    expect(cache.get('sha256:aaa', 'k4')).toBeNull();
  });
});

describe('ImageCache', () => {
  it('keys on layer order, analyzers and pipeline version; keeps 3 keys per image', () => {
    const layers = [{ diffId: 'sha256:1' }, { diffId: 'sha256:2' }];
    const key = imageCacheKey(layers, 'a@1', '1');
    expect(imageCacheKey([...layers].reverse(), 'a@1', '1')).not.toBe(key);
    expect(imageCacheKey(layers, 'a@2', '1')).not.toBe(key);
    expect(imageCacheKey(layers, 'a@1', '2')).not.toBe(key);
    const cache = new ImageCache(store.db);
    const value = { packages: [{ name: 'ünïcode', n: 1 }], notes: ['x'] };
    cache.put('sha256:img', key, value);
    expect(cache.get('sha256:img', key)).toEqual(value);
    expect(cache.get('sha256:other', key)).toBeNull();
    for (let i = 0; i < MAX_KEYS_PER_IMAGE; i++) cache.put('sha256:img', `k${i}`, { i });
    expect(cache.get('sha256:img', key)).toBeNull();
    expect(cache.get('sha256:img', 'k0')).toEqual({ i: 0 });
  });
});

describe('ImageRepository.saveScan', () => {
  it('rewrites the inventory only when it changed, the findings always', () => {
    const images = new ImageRepository(store.db);
    const report = alpineAppReport();
    const id = report.image.id;
    const rowids = () => (store.db.prepare('SELECT id FROM findings WHERE image_id = ? ORDER BY id').all(id) as { id: number }[]).map((r) => r.id);
    const packageCount = () => (store.db.prepare('SELECT count(*) AS n FROM packages WHERE image_id = ?').get(id) as { n: number }).n;
    const first = images.startScan(null, 'manual');
    images.saveScan(first, report, { kind: 'registry', ref: report.image.name }, null);
    const before = { packages: images.allPackages(id), files: images.files(id, { offset: 0, limit: 1000 }), findings: rowids() };
    expect(before.packages).toHaveLength(report.packages.length);

    // A marker row that only a rewrite would remove shows whether the inventory was rewritten.
    store.db.prepare(`INSERT INTO unowned_files (image_id, path, size, mode, uid, gid, sha256, layer_index, layer_diff_id) VALUES (?, 'zz-marker', 0, 0, 0, 0, '', 0, '')`).run(id);
    const second = images.startScan(id, 'manual');
    images.saveScan(second, report, { kind: 'registry', ref: report.image.name }, null);
    expect(images.files(id, { offset: 0, limit: 1000 }).rows.map((f) => f.path)).toContain('zz-marker');
    expect(images.allPackages(id)).toEqual(before.packages);
    expect(rowids()).toHaveLength(before.findings.length);
    expect(rowids()[0]).toBeGreaterThan(before.findings.at(-1)!); // findings rewritten, for the new scan
    expect((store.db.prepare('SELECT DISTINCT scan_id FROM findings WHERE image_id = ?').all(id) as { scan_id: number }[]).map((r) => r.scan_id)).toEqual([second]);

    const changed = alpineAppReport({ packages: report.packages.slice(1) });
    expect(inventoryDigest(changed)).not.toBe(inventoryDigest(report));
    const third = images.startScan(id, 'manual');
    images.saveScan(third, changed, { kind: 'registry', ref: report.image.name }, null);
    expect(packageCount()).toBe(report.packages.length - 1);
    expect(images.files(id, { offset: 0, limit: 1000 }).rows.map((f) => f.path)).not.toContain('zz-marker');
    expect(images.get(id)?.scans.map((s) => [s.scanId, s.packages])).toEqual([
      [third, report.packages.length - 1],
      [second, report.packages.length],
      [first, report.packages.length],
    ]);
  });
});
