import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../../../shared/model/image';
import { fixturesDir, requireFixtures } from '../../../../tests/support/environment';
import type { Analyzer } from '../analyzers/analyzer';
import { openArchive } from '../sources/docker-archive';
import { analyseImage, makeTar, osReleaseAnalyzer, sha256, type TarEntry } from '../sources/image-archive.testkit';
import { analyzeLayer } from './analyze-layer';
import { archiveLimits } from './archive-limits';
import { mergeLayers, resolveSymlink, unownedFiles, type MergedImage } from './merge-layers';

/** A package database for tests: "name version" lines; owns the paths after '>'. */
const pkgdb: Analyzer = {
  id: 'test-pkgdb',
  version: 1,
  owns: 'os',
  maxBytes: 1e6,
  wants: (e) => e.path === 'var/lib/pkgdb',
  analyze: (entry, content) => {
    const lines = content.toString().split('\n').filter(Boolean);
    const packages = lines
      .filter((l) => !l.startsWith('>'))
      .map((l) => {
        const [name, version] = l.split(' ');
        return { type: 'apk' as const, name: name!, version: version!, sourceName: name!, sourceVersion: version!, namespace: null, arch: null, purl: `pkg:apk/x/${name}@${version}`, licenses: [], path: entry.path, installedBy: null };
      });
    return { packages, ownedPaths: lines.filter((l) => l.startsWith('>')).map((l) => l.slice(1)) };
  },
};

async function layersOf(...layers: TarEntry[][]): Promise<MergedImage> {
  const inputs = [];
  for (const [index, entries] of layers.entries()) {
    const tar = await makeTar(entries);
    const info: LayerInfo = { index, diffId: sha256(tar), digest: null, size: null, createdBy: null };
    inputs.push({ info, analysis: await analyzeLayer(Readable.from([tar]), info, { analyzers: [pkgdb, osReleaseAnalyzer()], limits: archiveLimits() }) });
  }
  return mergeLayers(inputs);
}

describe('mergeLayers', () => {
  it('applies a whiteout that deletes a file of a lower layer, and lets a later layer bring it back', async () => {
    const merged = await layersOf(
      [{ name: 'etc/motd', content: 'hello' }, { name: 'etc/keep', content: 'k' }, { name: 'tmp/dir/a', content: 'a' }, { name: 'tmp/dir/sub/b', content: 'b' }],
      [{ name: 'etc/.wh.motd', content: '' }, { name: 'tmp/.wh.dir', content: '' }],
    );
    expect([...merged.files.keys()].sort()).toEqual(['etc/keep']);
    const again = await layersOf([{ name: 'etc/motd', content: 'one' }], [{ name: 'etc/.wh.motd', content: '' }], [{ name: 'etc/motd', content: 'three' }]);
    expect(again.files.get('etc/motd')!.layerIndex).toBe(2);
  });

  it('makes an opaque directory hide everything lower layers put in it, but not what its own layer adds', async () => {
    const merged = await layersOf(
      [{ name: 'var/cache/old1', content: '1' }, { name: 'var/cache/sub/old2', content: '2' }, { name: 'var/cache-other/x', content: 'x' }, { name: 'var/cache/link', type: 'symlink', linkname: '/x' }],
      [{ name: 'var/cache/.wh..wh..opq', content: '' }, { name: 'var/cache/new', content: 'n' }],
    );
    expect([...merged.files.keys()].sort()).toEqual(['var/cache-other/x', 'var/cache/new']);
    expect(merged.symlinks.size).toBe(0);
    expect(merged.directories.has('var/cache')).toBe(true);
  });

  it('lets a file replace a directory and a directory replace a file', async () => {
    const merged = await layersOf([{ name: 'a/b/c', content: 'c' }, { name: 'f', content: 'file' }], [{ name: 'a', content: 'now a file' }, { name: 'f/child', content: 'f is a dir now' }]);
    expect([...merged.files.keys()].sort()).toEqual(['a', 'f/child']);
  });

  it('takes packages from the topmost version of their database and attributes each to the layer that brought it', async () => {
    const merged = await layersOf(
      [{ name: 'var/lib/pkgdb', content: 'musl 1.0\nbusybox 1.0\n>bin/busybox\n' }, { name: 'bin/busybox', content: 'bb' }],
      [{ name: 'var/lib/pkgdb', content: 'musl 1.0\nbusybox 1.0\ncurl 8.0\n>bin/busybox\n>usr/bin/curl\n' }, { name: 'usr/bin/curl', content: 'curl' }],
      [{ name: 'var/lib/pkgdb', content: 'musl 1.1\nbusybox 1.0\ncurl 8.0\n>bin/busybox\n>usr/bin/curl\n' }, { name: 'usr/local/bin/dropped', content: 'by hand' }],
    );
    const attribution = Object.fromEntries(merged.packages.map((p) => [`${p.name}@${p.version}`, p.layerIndex]));
    expect(attribution).toEqual({ 'musl@1.1': 2, 'busybox@1.0': 0, 'curl@8.0': 1 });
    expect(merged.packages.every((p) => p.layerDiffId.startsWith('sha256:'))).toBe(true);
    expect(unownedFiles(merged).map((f) => f.path)).toEqual(['usr/local/bin/dropped']);
    expect(merged.unownedFiles.map((f) => f.path)).toEqual(['usr/local/bin/dropped']);
    expect([...merged.osOwnedPaths].sort()).toEqual(['bin/busybox', 'usr/bin/curl']);
  });

  it('drops the packages and ownership of a deleted database; a re-added package counts from where it came back', async () => {
    const removed = await layersOf([{ name: 'var/lib/pkgdb', content: 'musl 1.0\n>lib/musl.so\n' }, { name: 'lib/musl.so', content: 'so' }], [{ name: 'var/lib/.wh.pkgdb', content: '' }]);
    expect(removed.packages).toEqual([]);
    expect(removed.unownedFiles.map((f) => f.path)).toEqual(['lib/musl.so']);
    const readded = await layersOf([{ name: 'var/lib/pkgdb', content: 'a 1\n' }], [{ name: 'var/lib/pkgdb', content: 'b 1\n' }], [{ name: 'var/lib/pkgdb', content: 'a 1\nb 1\n' }]);
    expect(Object.fromEntries(readded.packages.map((p) => [p.name, p.layerIndex]))).toEqual({ a: 2, b: 1 });
  });

  it('owns files listed through a symlinked directory (usrmerge: bin → usr/bin)', async () => {
    const merged = await layersOf([{ name: 'bin', type: 'symlink', linkname: 'usr/bin' }, { name: 'usr/bin/ls', content: 'ls' }, { name: 'usr/bin/extra', content: 'x' }, { name: 'var/lib/pkgdb', content: 'coreutils 9\n>bin/ls\n' }]);
    expect(merged.unownedFiles.map((f) => f.path)).toEqual(['usr/bin/extra']);
  });

  it('keeps the OS release files that survive, from their topmost version', async () => {
    const merged = await layersOf([{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=11\n' }], [{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' }]);
    expect(merged.osCandidates.map((o) => o.version)).toEqual(['12']);
    expect(merged.os?.version).toBe('12');
    const gone = await layersOf([{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' }], [{ name: 'etc/.wh.os-release', content: '' }]);
    expect(gone.osCandidates).toEqual([]);
    expect(gone.os).toBeNull();
  });
});

describe('resolveSymlink', () => {
  it('resolves relative, absolute and chained links, and keeps every link inside the image root', async () => {
    const merged = await layersOf([
      { name: 'etc/passwd', content: 'image passwd' },
      { name: 'dir/file', content: 'f' },
      { name: 'rel', type: 'symlink', linkname: 'dir/file' },
      { name: 'abs', type: 'symlink', linkname: '/dir/file' },
      { name: 'chain', type: 'symlink', linkname: 'abs' },
      { name: 'out', type: 'symlink', linkname: '../../../../etc/passwd' },
      { name: 'dir/up', type: 'symlink', linkname: '../../..' },
      { name: 'dotdir', type: 'symlink', linkname: 'dir' },
      { name: 'dangling', type: 'symlink', linkname: '/nope' },
      { name: 'loop1', type: 'symlink', linkname: 'loop2' },
      { name: 'loop2', type: 'symlink', linkname: '/loop1' },
    ]);
    const at = (p: string, options?: Parameters<typeof resolveSymlink>[2]) => resolveSymlink(merged, p, options);
    expect(at('rel')).toMatchObject({ kind: 'file', path: 'dir/file', links: 1 });
    expect(at('chain')).toMatchObject({ kind: 'file', path: 'dir/file', links: 2 });
    expect(at('out')).toMatchObject({ kind: 'file', path: 'etc/passwd' }); // the image's, never the host's
    expect(at('dir/up/etc/passwd')).toMatchObject({ kind: 'file', path: 'etc/passwd' });
    expect(at('dotdir/file')).toMatchObject({ kind: 'file', path: 'dir/file' });
    expect(at('dotdir')).toMatchObject({ kind: 'directory', path: 'dir' });
    expect(at('dotdir', { followFinal: false })).toMatchObject({ kind: 'symlink', path: 'dotdir', target: 'dir' });
    expect(at('dangling')).toMatchObject({ kind: 'missing', path: 'nope' });
    expect(at('loop1')).toMatchObject({ kind: 'too-deep' });
    expect(at('chain', { maxDepth: 1 })).toMatchObject({ kind: 'too-deep', links: 2 });
  });
});

describe('edge-case images (osv-scalibr fixtures)', () => {
  const req = requireFixtures();
  const edge = (name: string) => path.join(fixturesDir, 'images', 'edge', name);

  it.skipIf(!req.available)('overwrite-file: the file comes from the layer that wrote it last', async () => {
    const { merged } = await analyseImage(await openArchive(edge('layerscanning/overwrite-file.tar')));
    expect([...merged.files.keys()]).toEqual(['sample.txt']);
    expect(merged.files.get('sample.txt')).toMatchObject({ size: 29, layerIndex: 1 });
  });

  it.skipIf(!req.available)('symlink-basic and symlink-attack: links resolve inside the image', async () => {
    const basic = (await analyseImage(await openArchive(edge('layerscanning/symlink-basic.tar')))).merged;
    for (const link of ['absolute-symlink.txt', 'chain-symlink.txt', 'relative-dot-symlink.txt', 'relative-symlink.txt']) {
      expect(resolveSymlink(basic, `dir1/${link}`)).toMatchObject({ kind: 'file', path: 'dir1/sample.txt' });
    }
    const attack = (await analyseImage(await openArchive(edge('layerscanning/symlink-attack.tar')))).merged;
    expect(resolveSymlink(attack, 'dir1/attack-symlink.txt')).toEqual({ kind: 'missing', path: 'secret.txt', links: 1 });
    expect(resolveSymlink(attack, 'dir1/attack-symlink-absolute.txt')).toEqual({ kind: 'missing', path: 'secret.txt', links: 1 });
  });

  it.skipIf(!req.available)('symlink-cycle and symlink-depth-exceeded: bounded, never a hang', async () => {
    const cycle = (await analyseImage(await openArchive(edge('layerscanning/symlink-cycle.tar')))).merged;
    expect(resolveSymlink(cycle, 'dir1/sample.txt')).toMatchObject({ kind: 'too-deep' });
    expect(cycle.unownedFiles).toEqual([]);
    const deep = (await analyseImage(await openArchive(edge('layerscanning/symlink-depth-exceeded.tar')))).merged;
    expect(resolveSymlink(deep, 'dir1/symlink7.txt')).toMatchObject({ kind: 'file', path: 'dir1/sample.txt', links: 7 });
    expect(resolveSymlink(deep, 'dir1/symlink7.txt', { maxDepth: 6 })).toMatchObject({ kind: 'too-deep', links: 7 });
  });

  it.skipIf(!req.available)('symlink-dangling and unpack/dangling-symlinks: dangling links are reported missing', async () => {
    for (const name of ['layerscanning/symlink-dangling.tar', 'unpack/dangling-symlinks.tar']) {
      const { merged } = await analyseImage(await openArchive(edge(name)));
      expect(merged.symlinks.size).toBe(7);
      expect(resolveSymlink(merged, 'dir2/dir3/absolute-chain-symlink.txt')).toMatchObject({ kind: 'missing', path: 'dir1/sample.txt', links: 3 });
      expect(resolveSymlink(merged, 'dir2/dir3/relative-subfolder-symlink.txt')).toMatchObject({ kind: 'missing', path: 'dir1/sample.txt' });
    }
  });

  it.skipIf(!req.available)('unpack/symlinks: attack links stay inside; /dir2/../dir1 resolves', async () => {
    const { merged } = await analyseImage(await openArchive(edge('unpack/symlinks.tar')));
    expect(resolveSymlink(merged, 'dir2/dir3/absolute-symlink-inside-root.txt')).toMatchObject({ kind: 'file', path: 'dir1/sample.txt' });
    expect(resolveSymlink(merged, 'dir2/dir3/absolute-chain-symlink.txt')).toMatchObject({ kind: 'file', path: 'dir1/sample.txt', links: 3 });
    expect(resolveSymlink(merged, 'dir1/attack-symlink.txt')).toMatchObject({ kind: 'missing', path: 'secret.txt' });
  });

  it.skipIf(!req.available)('permissions: a file with mode ---------- is hashed like any other', async () => {
    const { merged } = await analyseImage(await openArchive(edge('unpack/permissions.tar')));
    expect(merged.files.get('sample.txt')).toMatchObject({ mode: 0o100000, size: 17 });
  });
});
