import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openArchive } from '../sources/docker-archive';
import { legacySave, makeTar, sha256 } from '../sources/image-archive.testkit';
import { analyzeLayer } from './analyze-layer';
import { archiveLimits } from './archive-limits';
import { fillFileHashes } from './fill-file-hashes';
import type { LayerAnalysis } from './layer-analysis';
import { mergeLayers } from './merge-layers';
import type { FileRegion } from './off-thread-digest';
import { FileRegionTar } from './region-tar';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-fill-hashes-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const big = Buffer.alloc(5 * 1024 * 1024 + 77, 0x5a); // spans the walker's chunks
const hex = (content: string | Buffer) => sha256(content).slice('sha256:'.length);

async function archive(name: string, gzipLayers: boolean): Promise<string> {
  const lower = await makeTar([
    { name: 'etc/', type: 'directory' },
    { name: 'etc/motd', content: 'welcome\n' },
    { name: 'opt/big.bin', content: big },
    { name: 'opt/again.bin', type: 'link', linkname: 'opt/big.bin' },
    { name: 'opt/empty', content: '' },
  ]);
  const upper = await makeTar([{ name: 'etc/motd', content: 'changed\n' }]);
  const file = path.join(scratch, name);
  fs.writeFileSync(file, (await legacySave([lower, upper], { gzipLayers })).tar);
  return file;
}

/** Open and walk an archive as a scan does; the regions of the layers read in place. */
async function walk(file: string) {
  const image = await openArchive(file);
  const analyses = new Map<string, LayerAnalysis>();
  const regions = new Map<string, FileRegion>();
  await image.readLayers(new Set(image.layers.map((l) => l.diffId)), async (layer, tar) => {
    analyses.set(layer.diffId, await analyzeLayer(tar, layer, { analyzers: [], limits: archiveLimits() }));
    if (tar instanceof FileRegionTar && tar.inPlace) regions.set(layer.diffId, tar.region);
  });
  const merged = mergeLayers(image.layers.map((info) => ({ info, analysis: analyses.get(info.diffId)! })));
  return { image, analyses, regions, merged };
}

describe('fillFileHashes', () => {
  it('layers read in place leave their files unhashed, with offsets; filling hashes exactly the files asked for, in place', async () => {
    const { image, analyses, regions, merged } = await walk(await archive('plain.tar', false));
    expect(regions.size).toBe(2);
    const lower = analyses.get(image.layers[0]!.diffId)!;
    expect(lower.files.find((f) => f.path === 'opt/big.bin')).toMatchObject({ sha256: '', offset: expect.any(Number) });
    expect(lower.files.find((f) => f.path === 'opt/empty')).toMatchObject({ sha256: hex('') });

    const wanted = [merged.files.get('opt/big.bin')!, merged.files.get('opt/again.bin')!, merged.files.get('etc/motd')!];
    const changed = await fillFileHashes(image, analyses, wanted, { regions });
    expect(wanted.map((f) => f.sha256)).toEqual([hex(big), hex(big), hex('changed\n')]);
    expect(changed).toEqual(new Set(image.layers.map((l) => l.diffId)));
    // the layer analyses gain the hashes (so the layer cache keeps them), and lose the offsets
    expect(lower.files.find((f) => f.path === 'opt/big.bin')).toEqual(expect.objectContaining({ sha256: hex(big) }));
    expect(lower.files.find((f) => f.path === 'opt/big.bin')!.offset).toBeUndefined();
    // the lower layer's motd, hidden by the upper one, was not asked for: still unhashed
    expect(lower.files.find((f) => f.path === 'etc/motd')).toMatchObject({ sha256: '' });
  });

  it('without the regions, walks the layers again and gets the same hashes', async () => {
    const { image, analyses, merged } = await walk(await archive('walk.tar', false));
    const wanted = [merged.files.get('opt/big.bin')!, merged.files.get('opt/again.bin')!, merged.files.get('etc/motd')!];
    await fillFileHashes(image, analyses, wanted, { regions: new Map() });
    expect(wanted.map((f) => f.sha256)).toEqual([hex(big), hex(big), hex('changed\n')]);
  });

  it('layers that are streamed (gzip) are hashed as they are walked: nothing to fill', async () => {
    const { analyses, regions, merged, image } = await walk(await archive('gzip.tar', true));
    expect(regions.size).toBe(0);
    for (const analysis of analyses.values()) for (const f of analysis.files) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    const changed = await fillFileHashes(image, analyses, [...merged.files.values()], { regions });
    expect(changed.size).toBe(0);
    expect(merged.files.get('opt/again.bin')!.sha256).toBe(hex(big));
  });
});
