import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../../../shared/contracts/errors';
import { importImage, removeImage, uniqueTag } from '../../../../tests/support/docker-images';
import { requireDocker } from '../../../../tests/support/environment';
import { DockerService } from '../../docker/docker-service';
import { openArchive } from './docker-archive';
import { chainIds } from './engine-image';
import { analyseImage, legacySave, makeTar, osReleaseAnalyzer } from './image-archive.testkit';
import { openImage } from './open-image';

const docker = requireDocker();

/** The engine's client, counting image exports (GET /images/{id}/get). */
function counting(api: Dockerode): { api: Dockerode; exports: () => number } {
  let exports = 0;
  const wrapped = Object.create(api) as Dockerode;
  wrapped.getImage = (name: string) => {
    const image = api.getImage(name);
    const get = image.get.bind(image) as () => Promise<NodeJS.ReadableStream>;
    (image as { get: () => Promise<NodeJS.ReadableStream> }).get = () => {
      exports += 1;
      return get();
    };
    return image;
  };
  return { api: wrapped, exports: () => exports };
}

describe.skipIf(!docker.available)('images in the local engine', () => {
  const service = new DockerService();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-engine-'));
  const multiTag = uniqueTag('layers');
  const importTag = uniqueTag('import');
  let save: Awaited<ReturnType<typeof legacySave>>;

  beforeAll(async () => {
    save = await legacySave(
      [
        await makeTar([{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' }, { name: 'etc/motd', content: 'hello' }]),
        await makeTar([{ name: 'usr/bin/tool', content: 'tool v1', mode: 0o755 }, { name: 'etc/.wh.motd', content: '' }]),
        await makeTar([{ name: 'usr/bin/tool', content: 'tool v2', mode: 0o4755 }]),
        await makeTar([{ name: 'srv/data', content: 'data' }]),
      ],
      { repoTags: [multiTag] },
    );
    const file = path.join(scratch, 'load.tar');
    fs.writeFileSync(file, save.tar);
    execFileSync('docker', ['load', '-i', file], { stdio: 'pipe' });
    importImage(importTag, { 'etc/os-release': 'ID=vigil-test\nVERSION_ID=1\n', 'bin/hello': 'hi' });
  }, 120_000);

  afterAll(() => {
    removeImage(multiTag);
    removeImage(importTag);
    service.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('inspects up front and streams every layer from one export, each identified before its content', async () => {
    const { api, exports } = counting(await service.api());
    const image = await openImage({ kind: 'docker', ref: multiTag }, { docker: () => api });
    expect(image.id).toBe(save.id);
    expect(image.repoTags).toContain(multiTag);
    expect(image.layers.map((l) => l.diffId)).toEqual(save.diffIds);
    expect(image.platform).toBe('linux/amd64');
    expect(exports()).toBe(0);
    const { merged, order } = await analyseImage(image, [osReleaseAnalyzer()]);
    expect(exports()).toBe(1);
    expect([...order].sort()).toEqual([...save.diffIds].sort());
    expect([...merged.files.keys()].sort()).toEqual(['etc/os-release', 'srv/data', 'usr/bin/tool']);
    expect(merged.files.get('usr/bin/tool')).toMatchObject({ layerIndex: 2, mode: 0o104755 });
    expect(merged.os).toMatchObject({ family: 'debian', version: '12' });
  });

  it('does not export at all when no layer is wanted, and exports once for a subset', async () => {
    const { api, exports } = counting(await service.api());
    const image = await openImage({ kind: 'docker', ref: multiTag }, { docker: () => api });
    await image.readLayers(new Set(), async () => {
      throw new Error('nothing is wanted');
    });
    expect(exports()).toBe(0);
    const seen: number[] = [];
    await image.readLayers(new Set([save.diffIds[1]!, save.diffIds[2]!]), async (layer, tar) => {
      seen.push(layer.index);
      for await (const _ of tar) {
        // consume
      }
    });
    expect(seen.sort()).toEqual([1, 2]);
    expect(exports()).toBe(1);
  });

  it('reads an image made by docker import (one layer)', async () => {
    const api = await service.api();
    const image = await openImage({ kind: 'docker', ref: importTag }, { docker: () => api });
    expect(image.layers).toHaveLength(1);
    const { merged } = await analyseImage(image, [osReleaseAnalyzer()]);
    expect(merged.os).toMatchObject({ family: 'vigil-test', version: '1' });
    expect(merged.files.get('bin/hello')).toMatchObject({ size: 2 });
  });

  it('docker save of the same image opens as an archive with the same identity (this engine writes the legacy layout)', async () => {
    const file = path.join(scratch, 'saved.tar');
    execFileSync('docker', ['save', '-o', file, multiTag]);
    const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).split('\n');
    const ociStyle = listing.includes('index.json') && listing.some((l) => l.startsWith('blobs/'));
    console.info(`[engine] docker save writes the ${ociStyle ? 'OCI (Docker 25+)' : 'legacy'} layout: ${listing.filter(Boolean).length} entries`);
    expect(listing).toContain('manifest.json');
    const image = await openArchive(file);
    expect(image.id).toBe(save.id);
    expect(image.layers.map((l) => l.diffId)).toEqual(save.diffIds);
    const { merged } = await analyseImage(image);
    expect(merged.files.get('usr/bin/tool')!.layerIndex).toBe(2);
    expect(chainIds(save.diffIds)).toHaveLength(4);
  });
});

describe.skipIf(!docker.available)('engine errors', () => {
  it('not_found for an image the engine lacks; unavailable without an engine', async () => {
    const service = new DockerService();
    try {
      const api = await service.api();
      const missing = await openImage({ kind: 'docker', ref: 'vigil-test/does-not-exist:never' }, { docker: () => api }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(RpcError);
      expect((missing as RpcError).code).toBe('not_found');
      const none = await openImage({ kind: 'docker', ref: 'x' }).catch((e: unknown) => e);
      expect((none as RpcError).code).toBe('unavailable');
    } finally {
      service.close();
    }
  });
});
