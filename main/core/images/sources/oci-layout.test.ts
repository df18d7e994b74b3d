import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../../../shared/contracts/errors';
import { openArchive } from './docker-archive';
import { analyseImage, gzip, makeTar, osReleaseAnalyzer, tarDirectory, writeOciLayout, type LayoutImage } from './image-archive.testkit';
import { openOciLayoutDirectory } from './oci-layout';
import { openImage } from './open-image';
import { choosePlatform, hostPlatform, parsePlatform } from './platform';
import { failure } from '../../../../tests/support/rpc-failure';

let scratch = '';
beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-oci-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

async function multiArch(): Promise<LayoutImage[]> {
  const release = (arch: string) => makeTar([{ name: 'etc/os-release', content: `ID=alpine\nVERSION_ID=3.20.0\nPRETTY_NAME="Alpine ${arch}"\n` }]);
  return [
    { platform: { os: 'linux', architecture: 'amd64' }, layers: [{ tar: await release('amd64'), compression: 'gzip' }, { tar: await makeTar([{ name: 'bin/app', content: 'amd64 app' }]), compression: 'zstd' }] },
    { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }, layers: [{ tar: await release('arm64'), compression: 'none' }] },
    { platform: { os: 'linux', architecture: 'arm', variant: 'v7' }, layers: [{ tar: await release('arm/v7'), compression: 'zstd' }] },
  ];
}

describe('OCI image layouts', () => {
  it('chooses each platform of a multi-arch (nested) index; gzip, zstd and plain layers', async () => {
    const dir = path.join(scratch, 'multi');
    const written = writeOciLayout(dir, await multiArch(), { nested: true, refName: 'vigil/multi:1' });
    const cases = [
      { platform: 'linux/arm64', index: 1, pretty: 'Alpine arm64' },
      { platform: 'linux/arm/v7', index: 2, pretty: 'Alpine arm/v7' },
      { platform: 'linux/amd64', index: 0, pretty: 'Alpine amd64' },
      { platform: undefined, index: 0, pretty: 'Alpine amd64' }, // this machine's platform (linux/amd64 here)
    ];
    for (const c of cases) {
      if (c.platform === undefined && hostPlatform().architecture !== 'amd64') continue;
      const image = await openImage({ kind: 'oci', path: dir, ...(c.platform ? { platform: c.platform } : {}) });
      expect(image.id).toBe(written.ids[c.index]);
      expect(image.layers.map((l) => l.diffId)).toEqual(written.diffIds[c.index]);
      expect(image.repoTags).toEqual(['vigil/multi:1']);
      const { merged } = await analyseImage(image, [osReleaseAnalyzer()]);
      expect(merged.os?.prettyName).toBe(c.pretty);
      if (c.index === 0) expect(merged.files.has('bin/app')).toBe(true);
    }
    const arm64 = await openImage({ kind: 'oci', path: dir, platform: 'linux/arm64' });
    expect(arm64.platform).toBe('linux/arm64/v8');
    expect(arm64.layers[0]!.digest).toMatch(/^sha256:/);
  });

  it('lists the available platforms when none or several match', async () => {
    const dir = path.join(scratch, 'choose');
    const images = await multiArch();
    writeOciLayout(dir, [...images, { platform: { os: 'linux', architecture: 'arm', variant: 'v6' }, layers: images[2]!.layers }]);
    const none = await failure(openImage({ kind: 'oci', path: dir, platform: 'linux/s390x' }));
    expect(none.code).toBe('not_found');
    expect(none.message).toBe(`${dir} has no image for the platform linux/s390x. Available platforms: linux/amd64, linux/arm64/v8, linux/arm/v7, linux/arm/v6`);
    expect(none.details).toMatchObject({ platforms: ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7', 'linux/arm/v6'] });
    const several = await failure(openImage({ kind: 'oci', path: dir, platform: 'linux/arm' }));
    expect(several.code).toBe('invalid_input');
    expect(several.message).toContain('several images for the platform linux/arm: linux/arm/v7, linux/arm/v6');
    expect(several.details).toMatchObject({ platforms: ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7', 'linux/arm/v6'] });
  });

  it('takes a single unlabelled manifest as it is, and reads platforms from configs when the index has none', async () => {
    const dir = path.join(scratch, 'plain');
    const [amd64, arm64] = await multiArch();
    writeOciLayout(dir, [arm64!], { platformsInIndex: false });
    const image = await openOciLayoutDirectory(dir);
    expect(image.platform).toBe('linux/arm64/v8');
    const two = path.join(scratch, 'plain-two');
    writeOciLayout(two, [amd64!, arm64!], { platformsInIndex: false });
    expect((await openOciLayoutDirectory(two, { platform: 'linux/arm64' })).platform).toBe('linux/arm64/v8');
  });

  it('reads OCI archives (a tar of the layout), plain and gzip-compressed', async () => {
    const dir = path.join(scratch, 'for-archive');
    const written = writeOciLayout(dir, await multiArch());
    const tar = await tarDirectory(dir);
    fs.writeFileSync(path.join(scratch, 'oci.tar'), tar);
    fs.writeFileSync(path.join(scratch, 'oci.tar.gz'), gzip(tar));
    for (const file of ['oci.tar', 'oci.tar.gz']) {
      const image = await openImage({ kind: 'archive', path: path.join(scratch, file), platform: 'linux/arm/v7' });
      expect(image.id).toBe(written.ids[2]);
      const { merged } = await analyseImage(image, [osReleaseAnalyzer()]);
      expect(merged.os?.prettyName).toBe('Alpine arm/v7');
      expect((await openImage({ kind: 'oci', path: path.join(scratch, file), platform: 'linux/arm/v7' })).id).toBe(written.ids[2]);
      const amd64 = await openArchive(path.join(scratch, file), { platform: 'linux/amd64' });
      expect((await analyseImage(amd64)).merged.files.has('bin/app')).toBe(true);
    }
  });

  it('fails on a tampered or missing blob, and on a blob that links out of the layout', async () => {
    const dir = path.join(scratch, 'tampered');
    const [amd64] = await multiArch();
    writeOciLayout(dir, [amd64!]);
    const image = await openOciLayoutDirectory(dir);
    const zstdLayer = path.join(dir, 'blobs', 'sha256', image.layers[1]!.digest!.slice(7));
    const original = fs.readFileSync(zstdLayer);
    const changed = Buffer.from(original);
    changed[changed.length - 30] = (changed[changed.length - 30] ?? 0) ^ 0xff;
    fs.writeFileSync(zstdLayer, changed);
    expect((await failure(analyseImage(image))).message).toContain("layer 1 (sha256:");
    fs.rmSync(zstdLayer);
    expect((await failure(analyseImage(image))).code).toBe('not_found');
    fs.symlinkSync('/etc/passwd', zstdLayer);
    expect((await failure(analyseImage(image))).message).toContain('points outside it');
    const index = path.join(dir, 'index.json');
    fs.writeFileSync(index, fs.readFileSync(index, 'utf8').replace(/"digest":"sha256:[a-f0-9]{64}"/, `"digest":"sha256:${'3'.repeat(64)}"`));
    expect((await failure(openOciLayoutDirectory(dir))).message).toContain('is missing from the layout');
  });

  it('says what is wrong with a directory that is not a layout', async () => {
    expect((await failure(openOciLayoutDirectory(path.join(scratch, 'nowhere')))).code).toBe('not_found');
    fs.mkdirSync(path.join(scratch, 'empty-dir'));
    expect((await failure(openOciLayoutDirectory(path.join(scratch, 'empty-dir')))).message).toContain('not an OCI image layout (no index.json)');
  });
});

describe('platforms', () => {
  it('parses and matches platform names', () => {
    expect(parsePlatform('linux/arm/v7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(parsePlatform('linux/x86_64')).toEqual({ os: 'linux', architecture: 'amd64', variant: null });
    expect(parsePlatform('arm64')).toEqual({ os: 'linux', architecture: 'arm64', variant: null });
    expect(() => parsePlatform('linux//')).toThrow(RpcError);
    const candidates = [
      { platform: { os: 'linux', architecture: 'arm64', variant: null }, item: 'a' },
      { platform: { os: 'linux', architecture: 'amd64', variant: null }, item: 'b' },
    ];
    expect(choosePlatform('x', candidates, 'linux/arm64/v8')).toEqual({ item: 'a', platform: 'linux/arm64' });
    expect(choosePlatform('x', candidates, 'linux/amd64')).toEqual({ item: 'b', platform: 'linux/amd64' });
  });
});
