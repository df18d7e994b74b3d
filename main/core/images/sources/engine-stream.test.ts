// The engine source against recorded docker-save streams (no engine needed): how each layer of
// the stream is identified before its content, and the second export when it cannot be.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type Dockerode from 'dockerode';
import { describe, expect, it } from 'vitest';
import { fixturesDir, requireFixtures } from '../../../../tests/support/environment';
import { openEngineImage, predictV1Ids } from './engine-image';
import { analyseImage, legacySave, makeTar, sha256 } from './image-archive.testkit';

function fakeEngine(archive: Buffer, diffIds: string[], id: string): { api: Dockerode; exports: () => number } {
  let exports = 0;
  const api = {
    getImage: () => ({
      inspect: async () => ({ Id: id, RepoTags: ['fake:1'], RepoDigests: [], Os: 'linux', Architecture: 'amd64', Config: { Env: ['A=1'] }, RootFS: { Type: 'layers', Layers: diffIds } }),
      history: async () => diffIds.map((_, i) => ({ CreatedBy: `step ${diffIds.length - 1 - i}`, Size: 10 })),
      get: async () => {
        exports += 1;
        return Readable.from([archive.subarray(0, 7000), archive.subarray(7000)]);
      },
    }),
  } as unknown as Dockerode;
  return { api, exports: () => exports };
}

const fixtures = requireFixtures();

describe('engine export streams', () => {
  it.skipIf(!fixtures.available)("predicts docker's v1 ids of non-top layers (real docker save: edge/layerscanning)", () => {
    for (const name of ['basic', 'two-files', 'overwrite-file', 'multiple-files']) {
      const tar = fs.readFileSync(path.join(fixturesDir, 'images/edge/layerscanning', `${name}.tar`));
      const entries = listTar(tar);
      const manifest = JSON.parse(entries.get('manifest.json')!.toString())[0] as { Config: string; Layers: string[] };
      const config = JSON.parse(entries.get(manifest.Config)!.toString()) as { rootfs: { diff_ids: string[] } };
      const base = JSON.parse(entries.get(manifest.Layers[0]!.replace('layer.tar', 'json'))!.toString()) as Record<string, unknown>;
      const predicted = predictV1Ids(base, config.rootfs.diff_ids);
      expect(predicted).toEqual(manifest.Layers.slice(0, -1).map((l) => l.split('/')[0]));
    }
  });

  it.skipIf(!fixtures.available)('identifies Docker 25+ blobs by name and delivers everything from one export', async () => {
    const archive = fs.readFileSync(path.join(fixturesDir, 'images/snyk/hello-world.tar'));
    const diffId = 'sha256:ac28800ec8bb38d5c35b49d45a6ac4777544941199075dff8c4eb63e093aa81e';
    const { api, exports } = fakeEngine(archive, [diffId], 'sha256:d2c94e258dcb3c5ac2798d32e1249e42ef01cba4841c2234249495f87264ac5a');
    const image = await openEngineImage('hello-world', api);
    const { merged } = await analyseImage(image);
    expect([...merged.files.keys()]).toEqual(['hello']);
    expect(exports()).toBe(1);
  });

  it('hashes layers it cannot identify in time, and reads the wanted ones in a second export', async () => {
    const layers = [await makeTar([{ name: 'a', content: 'a' }]), await makeTar([{ name: 'b', content: 'b' }]), await makeTar([{ name: 'c', content: 'c' }])];
    const save = await legacySave(layers); // made-up v1 ids: nothing predicts them
    const { api, exports } = fakeEngine(save.tar, save.diffIds, save.id);
    const image = await openEngineImage('fake:1', api);
    expect(image.layers.map((l) => l.createdBy)).toEqual(['step 0', 'step 1', 'step 2']);
    const { merged, order } = await analyseImage(image);
    expect(order.sort()).toEqual([...save.diffIds].sort());
    expect([...merged.files.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(exports()).toBe(2);
  });

  it('identifies Podman-style <diffID>.tar layers by name', async () => {
    const layer = await makeTar([{ name: 'etc/hostname', content: 'pod' }]);
    const diffId = sha256(layer);
    const archive = await makeTar([
      { name: `${diffId.slice(7)}.tar`, content: layer },
      { name: 'cfg.json', content: '{}' },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'cfg.json', Layers: [`${diffId.slice(7)}.tar`] }]) },
    ]);
    const { api, exports } = fakeEngine(archive, [diffId], 'sha256:' + '9'.repeat(64));
    const { merged } = await analyseImage(await openEngineImage('pod', api));
    expect([...merged.files.keys()]).toEqual(['etc/hostname']);
    expect(exports()).toBe(1);
  });
});

/** Entries of a small tar, by name (test helper). */
function listTar(tar: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  let pos = 0;
  while (pos + 512 <= tar.length) {
    const header = tar.subarray(pos, pos + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const size = parseInt(header.toString('utf8', 124, 136).replace(/\0.*$/s, '').trim() || '0', 8);
    out.set(name, tar.subarray(pos + 512, pos + 512 + size));
    pos += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
