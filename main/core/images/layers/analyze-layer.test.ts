import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../../../shared/model/image';
import type { Analyzer } from '../analyzers/analyzer';
import { makeTar, osReleaseAnalyzer, sha256 } from '../sources/image-archive.testkit';
import { analyzeLayer, analyzerKey } from './analyze-layer';
import { archiveLimits } from './archive-limits';
import { failure } from '../../../../tests/support/rpc-failure';

const layer = (diffId = 'sha256:' + 'a'.repeat(64), index = 0): LayerInfo => ({ index, diffId, digest: null, size: null, createdBy: null });
const limits = archiveLimits();

async function analyse(entries: Parameters<typeof makeTar>[0], analyzers: Analyzer[] = [], overrides: Partial<ReturnType<typeof archiveLimits>> = {}) {
  const tar = await makeTar(entries);
  return analyzeLayer(Readable.from([tar]), layer(sha256(tar)), { analyzers, limits: archiveLimits(overrides), image: 'test-image' });
}

describe('analyzeLayer', () => {
  it('hashes every regular file, normalises paths and records symlinks without following them', async () => {
    const a = await analyse([
      { name: './etc/', type: 'directory' },
      { name: './etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n', mode: 0o644 },
      { name: '/usr/bin/su', content: 'ELF', mode: 0o104755, uid: 0, gid: 0 },
      { name: 'a//b/./c', content: 'c' },
      { name: 'x/../y', content: 'y' },
      { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
      { name: 'bin/busybox', content: 'busybox' },
      { name: 'bin/ln', type: 'link', linkname: 'bin/busybox' },
    ]);
    const byPath = new Map(a.files.map((f) => [f.path, f]));
    expect([...byPath.keys()].sort()).toEqual(['a/b/c', 'bin/busybox', 'bin/ln', 'etc/passwd', 'usr/bin/su', 'y']);
    expect(byPath.get('etc/passwd')!.sha256).toBe(sha256('root:x:0:0::/root:/bin/sh\n').slice(7));
    expect(byPath.get('usr/bin/su')!.mode).toBe(0o104755);
    expect(byPath.get('bin/ln')!.sha256).toBe(byPath.get('bin/busybox')!.sha256);
    expect(a.symlinks).toEqual([{ path: 'bin/sh', target: '/bin/busybox' }]);
    expect(a.entries).toBe(8);
    expect(a.notes).toEqual([]);
    expect(a.bytes).toBeGreaterThan(0);
  });

  it('refuses entries that climb out of the root (../../etc/passwd) with a note, never a file', async () => {
    const a = await analyse([
      { name: '../../etc/passwd', content: 'evil' },
      { name: 'ok/../../escape', content: 'evil' },
      { name: '/../../abs-escape', content: 'evil' },
      { name: 'fine', content: 'ok' },
      { name: 'ln-out', type: 'link', linkname: '../../etc/shadow' },
    ]);
    expect(a.files.map((f) => f.path)).toEqual(['fine']);
    expect(a.notes).toHaveLength(4);
    expect(a.notes[0]).toContain('"../../etc/passwd" leaves the image root; ignored');
    expect(a.notes[3]).toContain('ln-out');
  });

  it('records whiteouts and opaque directories, and ignores aufs bookkeeping', async () => {
    const a = await analyse([
      { name: 'etc/.wh.motd', content: '' },
      { name: '.wh.tmpfile', content: '' },
      { name: 'var/cache/.wh..wh..opq', content: '' },
      { name: '.wh..wh.plnk/123', content: '' },
      { name: '.wh..wh.aufs', content: '' },
      { name: 'var/cache/new', content: 'n' },
    ]);
    expect(a.whiteouts.sort()).toEqual(['etc/motd', 'tmpfile']);
    expect(a.opaqueDirs).toEqual(['var/cache']);
    expect(a.files.map((f) => f.path)).toEqual(['var/cache/new']);
  });

  it('gives wanted files to analyzers with their head, notes files over the limit, and survives a throwing analyzer', async () => {
    const seenHeads: number[] = [];
    const headReader: Analyzer = {
      id: 'head',
      version: 2,
      maxBytes: 10_000,
      wants: (entry, head) => {
        if (entry.path.startsWith('data/')) seenHeads.push(head.length);
        return entry.path.startsWith('data/') && head[0] === 0x7f;
      },
      analyze: (entry, content) => ({ notes: [`read ${content.length} of ${entry.size}`] }),
    };
    const thrower: Analyzer = { id: 'thrower', version: 1, maxBytes: 1e6, wants: (e) => e.path === 'etc/os-release', analyze: () => { throw new Error('boom'); } };
    const elf = (n: number): Buffer => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(n - 4, 1)]);
    const a = await analyse(
      [
        { name: 'etc/os-release', content: 'ID=alpine\nVERSION_ID=3.19.1\n' },
        { name: 'data/small', content: elf(100) },
        { name: 'data/exact', content: elf(10_000) },
        { name: 'data/big', content: elf(20_000) },
        { name: 'data/text', content: 'not elf' },
      ],
      [osReleaseAnalyzer(), headReader, thrower],
    );
    expect(seenHeads).toEqual([100, 4096, 4096, 7]);
    expect(a.osCandidates).toEqual([{ family: 'alpine', version: '3.19.1', codename: null, prettyName: null, source: 'etc/os-release' }]);
    expect(a.notes).toContain('etc/os-release: analyzer thrower failed: boom');
    expect(a.notes).toContain('data/small (head): read 100 of 100');
    expect(a.notes).toContain('data/exact (head): read 10000 of 10000');
    expect(a.notes).toContain("data/big: 20000 bytes, larger than head's limit of 10000; not analysed");
    expect(a.files).toHaveLength(5);
    expect(a.analyzerKey).toBe('head@2,test-os-release@1,thrower@1');
    expect(analyzerKey([headReader, thrower, osReleaseAnalyzer()])).toBe(a.analyzerKey);
  });

  it('keeps ownership per declaring file, and OS-owned paths apart', async () => {
    const owner: Analyzer = { id: 'lists', version: 1, owns: 'os', maxBytes: 1e6, wants: (e) => e.path.endsWith('.list'), analyze: (e, c) => ({ ownedPaths: c.toString().split('\n').filter(Boolean), ownedPrefixes: e.path.endsWith('b.list') ? ['usr/lib/b'] : [] }) };
    const a = await analyse([
      { name: 'var/lib/dpkg/info/a.list', content: 'usr/bin/a\nusr/share/a\n' },
      { name: 'var/lib/dpkg/info/b.list', content: 'usr/bin/b\n' },
    ], [owner]);
    expect(a.ownedPaths).toEqual(['usr/bin/a', 'usr/share/a', 'usr/bin/b']);
    expect(a.ownedPrefixes).toEqual(['usr/lib/b']);
    expect(a.osOwnedPaths).toEqual(a.ownedPaths);
    expect(a.ownedBy).toEqual([
      { path: 'var/lib/dpkg/info/a.list', paths: 2, prefixes: 0, os: true },
      { path: 'var/lib/dpkg/info/b.list', paths: 1, prefixes: 1, os: true },
    ]);
  });

  it('fails an entry-count bomb with a clear error naming image, layer and limit', async () => {
    const entries = Array.from({ length: 60 }, (_, i) => ({ name: `f${i}`, content: '' }));
    const error = await failure(analyse(entries, [], { maxEntries: 50 }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/^Image test-image, layer 0 \(sha256:[a-f0-9]{64}\): number of entries \(51\) exceeds the limit maxEntries = 50$/);
  });

  it('fails on a file, a layer or a path over its limit', async () => {
    expect((await failure(analyse([{ name: 'big', content: Buffer.alloc(2000) }], [], { maxFileBytes: 1000 }))).message).toContain('size of big (2000) exceeds the limit maxFileBytes = 1000');
    expect((await failure(analyse([{ name: 'a', content: Buffer.alloc(3000) }, { name: 'b', content: Buffer.alloc(3000) }], [], { maxLayerBytes: 5000 }))).message).toContain('exceeds the limit maxLayerBytes = 5000');
    expect((await failure(analyse([{ name: `${'d/'.repeat(60)}f`, content: '' }], [], { maxPathLength: 100 }))).message).toContain('maxPathLength = 100');
  });

  it('reports a damaged tar as invalid input, and cancellation as cancelled', async () => {
    const tar = await makeTar([{ name: 'a', content: Buffer.alloc(5000, 1) }]);
    const broken = Buffer.from(tar.subarray(0, 2000));
    broken[100] = 0x99; // mode field: checksum no longer matches
    const error = await failure(analyzeLayer(Readable.from([broken]), layer(), { analyzers: [], limits, image: 'x' }));
    expect(error.code).toBe('invalid_input');
    const controller = new AbortController();
    controller.abort();
    expect((await failure(analyzeLayer(Readable.from([tar]), layer(), { analyzers: [], limits, signal: controller.signal }))).code).toBe('cancelled');
  });

  it('stops with "cancelled" when the scan is cancelled halfway through a layer', async () => {
    const tar = await makeTar(Array.from({ length: 200 }, (_, i) => ({ name: `f${i}`, content: Buffer.alloc(64 * 1024, i) })));
    const controller = new AbortController();
    let progress = 0;
    const source = Readable.from((function* () {
      for (let i = 0; i < tar.length; i += 16 * 1024) yield tar.subarray(i, i + 16 * 1024);
    })());
    const error = await failure(
      analyzeLayer(source, layer(), {
        analyzers: [],
        limits,
        signal: controller.signal,
        onProgress: (bytes) => {
          progress = bytes;
          if (bytes > 1024 * 1024) controller.abort();
        },
      }),
    );
    expect(error.code).toBe('cancelled');
    expect(progress).toBeLessThan(tar.length);
  });

  it('writes nothing to disk while reading a hostile layer', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-nowrite-'));
    const before = fs.readdirSync(os.tmpdir()).length;
    const cwd = process.cwd();
    process.chdir(scratch);
    try {
      await analyse([
        { name: 'link', type: 'symlink', linkname: '/tmp' },
        { name: 'link/pwned.txt', content: 'x' },
        { name: '../pwned.txt', content: 'x' },
      ]);
    } finally {
      process.chdir(cwd);
    }
    expect(fs.readdirSync(scratch)).toEqual([]);
    expect(fs.existsSync('/tmp/pwned.txt')).toBe(false);
    expect(fs.readdirSync(os.tmpdir()).length).toBe(before);
    fs.rmSync(scratch, { recursive: true });
  });
});
