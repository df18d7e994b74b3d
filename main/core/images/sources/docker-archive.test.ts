import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RpcError } from '../../../../shared/contracts/errors';
import { fixturesDir, requireFixtures } from '../../../../tests/support/environment';
import { analyzeLayer } from '../layers/analyze-layer';
import { archiveLimits } from '../layers/archive-limits';
import { mergeLayers, resolveSymlink } from '../layers/merge-layers';
import { measureReadLimit } from '../layers/read-limit';
import { openArchive } from './docker-archive';
import { analyseImage, apkAnalyzer, gzip, imageConfig, legacySave, makeTar, osReleaseAnalyzer, sha256 } from './image-archive.testkit';
import { openImage } from './open-image';
import { failure } from '../../../../tests/support/rpc-failure';

const fixtures = requireFixtures();
const images = path.join(fixturesDir, 'images');
let scratch = '';

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-archive-'));
});
afterAll(() => {
  fs.rmSync(scratch, { recursive: true, force: true });
});

const ALPINE = {
  'alpine-310': { id: 'sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e', diffId: 'sha256:531743b7098cb2aaf615641007a129173f63ed86ca32fe7b5a246a1c47286028', tag: 'alpine:3.10', release: '3.10.4', created: '2020-01-23T16:53:06.686519038Z', size: 5_818_880, musl: '1.1.22-r3' },
  'alpine-311': { id: 'sha256:a187dde48cd289ac374ad8539930628314bc581a481cdb41409c9289419ddb72', diffId: 'sha256:beee9f30bc1f711043e78d4a2be0668955d4b761d587d6f60c2c8dc081efb203', tag: 'alpine:3.11', release: '3.11.5', created: '2020-03-23T21:19:34.196162891Z', size: 5_861_888, musl: '1.1.24-r2' },
} as const;

describe.skipIf(!fixtures.available)('docker-save archives: the Alpine fixtures (SOURCES.md §1)', () => {
  for (const [name, expected] of Object.entries(ALPINE)) {
    it(`${name}.tar.gz: config, diffID, tags and content`, async () => {
      const image = await openImage({ kind: 'archive', path: path.join(images, `${name}.tar.gz`) });
      expect(image.id).toBe(expected.id);
      expect(image.repoTags).toEqual([expected.tag]);
      expect(image.platform).toBe('linux/amd64');
      expect(image.config.created).toBe(expected.created);
      expect(image.config.diffIds).toEqual([expected.diffId]);
      expect(image.layers).toEqual([{ index: 0, diffId: expected.diffId, digest: null, size: expected.size, createdBy: expect.stringContaining('ADD file:') }]);
      const { merged, analyses } = await analyseImage(image, [osReleaseAnalyzer(), apkAnalyzer()]);
      expect(analyses.get(expected.diffId)!.bytes).toBe(expected.size);
      expect(merged.os).toMatchObject({ family: 'alpine', version: expected.release });
      expect(merged.packages).toHaveLength(14);
      expect(merged.packages.find((p) => p.name === 'musl')).toMatchObject({ version: expected.musl, layerIndex: 0, layerDiffId: expected.diffId });
      expect(new Set(merged.packages.map((p) => p.sourceName)).size).toBe(11);
      expect(merged.files.get('etc/alpine-release')).toMatchObject({ sha256: expect.stringMatching(/^[a-f0-9]{64}$/) });
      await image.close();
    });
  }

  it('the same archive uncompressed is indexed by seeking: unwanted layers are never read, the wanted one is read in place', async () => {
    const tarPath = path.join(scratch, 'alpine-310.tar');
    fs.writeFileSync(tarPath, gunzipSync(fs.readFileSync(path.join(images, 'alpine-310.tar.gz'))));
    const image = await openArchive(tarPath);
    expect(image.id).toBe(ALPINE['alpine-310'].id);
    const streams = vi.spyOn(fs, 'createReadStream');
    const opens = vi.spyOn(fs.promises, 'open');
    try {
      await image.readLayers(new Set(), async () => {
        throw new Error('no layer is wanted');
      });
      expect(streams).not.toHaveBeenCalled();
      expect(opens).not.toHaveBeenCalled();
      // the layer's region of the file is read directly (its digest checked by the worker): no stream at all
      const limit = await measureReadLimit(image);
      expect(limit).toMatchObject({ layers: 1, bytes: ALPINE['alpine-310'].size });
      expect(opens).toHaveBeenCalledTimes(1);
      expect(opens.mock.calls[0]![0]).toBe(tarPath);
      expect(streams).not.toHaveBeenCalled();
      // a consumer that wants a stream gets one over the same region
      let streamed = 0;
      await image.readLayers(new Set([image.layers[0]!.diffId]), async (_layer, tar) => {
        for await (const chunk of tar) streamed += (chunk as Buffer).length;
      });
      expect(streamed).toBe(ALPINE['alpine-310'].size);
      expect(streams).toHaveBeenCalledTimes(1);
      expect(streams.mock.calls[0]![1]).toMatchObject({ start: expect.any(Number), end: expect.any(Number) });
    } finally {
      streams.mockRestore();
      opens.mockRestore();
    }
  });

  it('a .tar.gz is streamed: one pass for the JSON, one for the wanted layers, none when nothing is wanted', async () => {
    const spy = vi.spyOn(fs, 'createReadStream');
    try {
      const image = await openArchive(path.join(images, 'alpine-311.tar.gz'));
      expect(spy).toHaveBeenCalledTimes(1);
      await image.readLayers(new Set(['sha256:' + '0'.repeat(64)]), async () => undefined);
      expect(spy).toHaveBeenCalledTimes(1);
      const limit = await measureReadLimit(image);
      expect(limit.bytes).toBe(ALPINE['alpine-311'].size);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe.skipIf(!fixtures.available)('edge-case archives (SOURCES.md §6): a correct result or a clear error, nothing written', () => {
  const edge = path.join(images, 'edge');
  const all = ['layerscanning', 'unpack'].flatMap((dir) => fs.readdirSync(path.join(edge, dir)).map((f) => path.join(dir, f)));

  it('opens every one of them', async () => {
    const tmpBefore = fs.readdirSync(os.tmpdir()).sort();
    const outcomes: Record<string, string> = {};
    for (const name of all) {
      try {
        const image = await openArchive(path.join(edge, name));
        const { merged } = await analyseImage(image, [osReleaseAnalyzer()]);
        outcomes[name] = `${image.layers.length} layers, ${merged.files.size} files, ${merged.symlinks.size} links`;
      } catch (error) {
        expect(error).toBeInstanceOf(RpcError);
        outcomes[name] = `error: ${(error as RpcError).code}`;
      }
    }
    expect(outcomes).toEqual({
      'layerscanning/basic.tar': '2 layers, 2 files, 0 links',
      'layerscanning/empty.tar': 'error: invalid_input',
      'layerscanning/multiple-files.tar': '2 layers, 3 files, 0 links',
      'layerscanning/overwrite-file.tar': '2 layers, 1 files, 0 links',
      'layerscanning/single-file.tar': '1 layers, 1 files, 0 links',
      'layerscanning/symlink-attack.tar': '1 layers, 0 files, 2 links',
      'layerscanning/symlink-basic.tar': '1 layers, 1 files, 4 links',
      'layerscanning/symlink-cycle.tar': '1 layers, 0 files, 3 links',
      'layerscanning/symlink-dangling.tar': '2 layers, 0 files, 7 links',
      'layerscanning/symlink-depth-exceeded.tar': '1 layers, 1 files, 7 links',
      'layerscanning/two-files.tar': '2 layers, 2 files, 0 links',
      'unpack/basic.tar': '2 layers, 2 files, 0 links',
      'unpack/dangling-symlinks.tar': '2 layers, 0 files, 7 links',
      'unpack/escape.tar': 'error: invalid_input',
      'unpack/permissions.tar': '1 layers, 1 files, 0 links',
      'unpack/symlinks.tar': '2 layers, 1 files, 10 links',
    });
    // Nothing new in the temp dir, apart from other test files' own mkdtemp folders (they run in
    // parallel: 'vigil-<name>-XXXXXX', and the tar beside it that docker-images.ts imports).
    const added = fs.readdirSync(os.tmpdir()).filter((name) => !tmpBefore.includes(name) && !/^vigil-[a-z0-9-]+-[A-Za-z0-9]{6}(\.tar)?$/.test(name));
    expect(added).toEqual([]);
    expect(fs.existsSync('/tmp/poc.txt')).toBe(false);
  });

  it('says why empty.tar and escape.tar are not images', async () => {
    expect((await failure(openArchive(path.join(edge, 'layerscanning/empty.tar')))).message).toContain('is an empty tar archive: no manifest.json or index.json');
    expect((await failure(openArchive(path.join(edge, 'unpack/escape.tar')))).message).toContain('is a tar archive but not an image');
  });

  it('escape.tar read as a layer: its trampoline links resolve inside the image, poc.txt is only a record', async () => {
    const tar = fs.readFileSync(path.join(edge, 'unpack/escape.tar'));
    const info = { index: 0, diffId: sha256(tar), digest: null, size: tar.length, createdBy: null };
    const analysis = await analyzeLayer(Readable.from([tar]), info, { analyzers: [], limits: archiveLimits() });
    expect(analysis.files.map((f) => f.path)).toEqual(['escape/poc.txt']);
    expect(analysis.symlinks.map((s) => s.path).sort()).toEqual(['escape', 'trampoline', 'usr/share/doc/a/copyright', 'usr/share/doc/b/copyright', 'usr/share/doc/c/copyright']);
    const merged = mergeLayers([{ info, analysis }]);
    // a later symlink at 'escape' replaced the directory that held poc.txt (the PoC's trick)
    expect(merged.files.size).toBe(0);
    expect(resolveSymlink(merged, 'escape')).toMatchObject({ kind: 'missing', path: 'tmp' });
    expect(resolveSymlink(merged, 'usr/share/doc/c/copyright')).toMatchObject({ kind: 'missing', path: 'tmp/poc.txt' });
    expect(fs.existsSync('/tmp/poc.txt')).toBe(false);
  });
});

describe.skipIf(!fixtures.available)('other docker-save layouts (SOURCES.md §10)', () => {
  const snyk = path.join(images, 'snyk');

  it('hello-world.tar: the Docker 25+ layout (OCI blobs + manifest.json), blob digests verified', async () => {
    const image = await openArchive(path.join(snyk, 'hello-world.tar'));
    expect(image.id).toBe('sha256:d2c94e258dcb3c5ac2798d32e1249e42ef01cba4841c2234249495f87264ac5a');
    expect(image.repoTags).toEqual(['hello-world:latest']);
    expect(image.layers).toEqual([{ index: 0, diffId: 'sha256:ac28800ec8bb38d5c35b49d45a6ac4777544941199075dff8c4eb63e093aa81e', digest: 'sha256:ac28800ec8bb38d5c35b49d45a6ac4777544941199075dff8c4eb63e093aa81e', size: 14848, createdBy: expect.any(String) }]);
    const { merged } = await analyseImage(image);
    expect([...merged.files.keys()]).toEqual(['hello']);
  });

  it('oci-busybox-1.31.1.tar: an OCI archive (index.json, no manifest.json), gzip layer', async () => {
    const image = await openArchive(path.join(snyk, 'oci-busybox-1.31.1.tar'));
    expect(image.id).toBe('sha256:2f2d4db2ef818c1c897eb71421e8a250daf19e21a4ec4c00a549b16ed0c2b46b');
    expect(image.platform).toBe('linux/amd64');
    expect(image.layers[0]!.digest).toBe('sha256:76df9210b28cbd4bc127844914d0a23937ed213048dc6289b2a2d4f7d675c75e');
    const { merged } = await analyseImage(image);
    expect(merged.files.get('bin/busybox')).toMatchObject({ mode: 0o100755 });
  });

  it('hand-cut archives whose manifest, config and layers disagree fail clearly', async () => {
    expect((await failure(openArchive(path.join(snyk, 'nginx.tar')))).message).toContain('manifest.json lists 1 layers but the config has 3 diffIDs');
    expect((await failure(openArchive(path.join(snyk, 'dockergoof.tar')))).message).toContain('manifest.json lists 4 layers but the config has 9 diffIDs');
    const java = await openArchive(path.join(snyk, 'java.tar')); // gzip'd although named .tar, gzip'd layer.tar inside
    expect(java.repoTags).toEqual(['openjdk-test:latest']);
    expect((await failure(analyseImage(java))).message).toContain('the uncompressed layer does not match its diffID');
  });
});

describe('docker-save archives written by the test', () => {
  const layers = async () => [
    await makeTar([{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=11\n' }, { name: 'etc/motd', content: 'hi' }, { name: 'tmp/cache/a', content: 'a' }]),
    await makeTar([{ name: 'etc/.wh.motd', content: '' }, { name: 'tmp/cache/.wh..wh..opq', content: '' }, { name: 'tmp/cache/b', content: 'b' }]),
    await makeTar([{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' }]),
  ];

  for (const variant of ['tar', 'tar.gz', 'gzip layers'] as const) {
    it(`three layers with a whiteout and an opaque dir (${variant}); manifest.json last`, async () => {
      const save = await legacySave(await layers(), { gzipLayers: variant === 'gzip layers' });
      const file = path.join(scratch, `three-${variant.replace(' ', '-')}.bin`);
      fs.writeFileSync(file, variant === 'tar.gz' ? gzip(save.tar) : save.tar);
      const image = await openArchive(file);
      expect(image.id).toBe(save.id);
      expect(image.layers.map((l) => l.diffId)).toEqual(save.diffIds);
      expect(image.layers.map((l) => l.createdBy)).toEqual(['layer 0', 'layer 1', 'layer 2']);
      expect(image.config).toMatchObject({ user: 'app', env: ['PATH=/usr/bin'], labels: { team: 'vigil' } });
      const { merged, order } = await analyseImage(image, [osReleaseAnalyzer()]);
      expect(order).toEqual(save.diffIds);
      expect([...merged.files.keys()].sort()).toEqual(['etc/os-release', 'tmp/cache/b']);
      expect(merged.os?.version).toBe('12');
      const partial: string[] = [];
      await image.readLayers(new Set([save.diffIds[1]!]), async (layer, tar) => {
        partial.push(layer.diffId);
        tar.resume();
        await new Promise((resolve) => tar.on('end', resolve));
      });
      expect(partial).toEqual([save.diffIds[1]]);
    });
  }

  it('refuses layer paths that leave the archive, and layers that do not match their diffID', async () => {
    const tar = await makeTar([{ name: 'a', content: 'a' }]);
    const evil = await makeTar([
      { name: 'x.json', content: JSON.stringify(imageConfig([sha256(tar)])) },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'x.json', Layers: ['../../../etc/passwd'] }]) },
    ]);
    fs.writeFileSync(path.join(scratch, 'evil.tar'), evil);
    const image = await openArchive(path.join(scratch, 'evil.tar'));
    expect((await failure(analyseImage(image))).message).toContain('which is not in the archive');

    const wrong = await makeTar([
      { name: 'x.json', content: JSON.stringify(imageConfig(['sha256:' + '2'.repeat(64)])) },
      { name: 'l/layer.tar', content: tar },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'x.json', Layers: ['l/layer.tar'] }]) },
    ]);
    // .tar.gz is checked inline as it streams; a plain .tar by the digest worker reading its region
    fs.writeFileSync(path.join(scratch, 'wrong.tar.gz'), gzip(wrong));
    fs.writeFileSync(path.join(scratch, 'wrong.tar'), wrong);
    for (const name of ['wrong.tar.gz', 'wrong.tar']) {
      const err = await failure(analyseImage(await openArchive(path.join(scratch, name))));
      expect(err.message).toMatch(/layer 0 \(sha256:2+\): the uncompressed layer does not match its diffID/);
    }
  });

  it('stops an outer .tar.gz bomb at the ratio limit and a huge outer archive at the entry limit', async () => {
    const zeros = await makeTar([{ name: 'manifest.json', content: Buffer.alloc(8 * 1024 * 1024) }]);
    fs.writeFileSync(path.join(scratch, 'bomb.tar.gz'), gzip(zeros));
    const bomb = await failure(openArchive(path.join(scratch, 'bomb.tar.gz'), { limits: { maxCompressionRatio: 50, compressionRatioGraceBytes: 1024 * 1024 } }));
    expect(bomb.message).toContain('the archive: decompression ratio');
    const many = await makeTar(Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, content: '' })));
    fs.writeFileSync(path.join(scratch, 'many.tar'), many);
    expect((await failure(openArchive(path.join(scratch, 'many.tar'), { limits: { maxEntries: 10 } }))).message).toContain('maxEntries = 10');
  });

  it('names a missing file, and a file that is not an archive', async () => {
    expect((await failure(openArchive(path.join(scratch, 'nope.tar')))).code).toBe('not_found');
    fs.writeFileSync(path.join(scratch, 'text.tar'), 'just some text that is not a tar archive at all'.repeat(20));
    expect((await failure(openArchive(path.join(scratch, 'text.tar')))).message).toContain('is not a tar archive');
  });
});
