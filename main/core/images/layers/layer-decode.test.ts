import { execFileSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { strict } from '../../../../tests/support/environment';
import { collect, gzip, makeTar, sha256, zstdRaw, zstdRle } from '../sources/image-archive.testkit';
import { analyzeLayer } from './analyze-layer';
import { archiveLimits } from './archive-limits';
import { decodeStream, detectCompression } from './layer-decode';
import { failure } from '../../../../tests/support/rpc-failure';

const context = { image: 'bomb-image', where: 'layer 3 (sha256:feed)' };

/** A gzip'd tar holding one file of `size` zero bytes, streamed: never the whole file in memory. */
async function gzipBombLayer(size: number): Promise<Buffer> {
  const pack = tarStream.pack();
  const gz = createGzip({ level: 9 });
  const out = collect(gz);
  (pack as unknown as Readable).pipe(gz);
  const sink = pack.entry({ name: 'zeros', size }) as unknown as NodeJS.WritableStream;
  const chunk = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += chunk.length) {
    if (!sink.write(chunk)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
  }
  sink.end();
  pack.finalize();
  return out;
}

describe('decodeStream', () => {
  it('tells gzip, zstd and plain tar apart by their first bytes', async () => {
    const tar = await makeTar([{ name: 'a', content: 'hello' }]);
    expect(detectCompression(gzip(tar))).toBe('gzip');
    expect(detectCompression(zstdRaw(tar))).toBe('zstd');
    expect(detectCompression(tar)).toBe('none');
    for (const stored of [tar, gzip(tar), zstdRaw(tar)]) {
      const decoded = await decodeStream(Readable.from([stored]), { limits: archiveLimits(), context, diffId: sha256(tar), digest: sha256(stored) });
      expect(await collect(decoded.stream)).toEqual(tar);
    }
  });

  it('decodes a real zstd stream (zstd CLI) chunk by chunk with fzstd', async () => {
    // One tar for both sides: tar headers carry the time, so two builds can differ by a second.
    const tar = await makeTar([{ name: 'big', content: Buffer.alloc(3_000_000, 'abc') }, { name: 'x', content: 'y' }]);
    let compressed: Buffer;
    try {
      compressed = execFileSync('zstd', ['-q', '-c', '-3'], { input: tar });
    } catch (error) {
      if (strict) throw new Error(`zstd CLI missing (apt-get install zstd): ${(error as Error).message}`);
      console.warn('[skip] zstd CLI missing');
      return;
    }
    const source = new PassThrough();
    const decoded = decodeStream(source, { limits: archiveLimits(), context, diffId: sha256(tar) });
    for (let i = 0; i < compressed.length; i += 1000) source.write(compressed.subarray(i, i + 1000));
    source.end();
    expect(sha256(await collect((await decoded).stream))).toBe(sha256(tar));
  });

  it('stops a gzip bomb at the ratio limit while decompressing, with a clear error', async () => {
    const bomb = await gzipBombLayer(64 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(200_000);
    const limits = archiveLimits({ maxCompressionRatio: 200, compressionRatioGraceBytes: 1024 * 1024 });
    const decoded = await decodeStream(Readable.from([bomb]), { limits, context });
    let seen = 0;
    const error = await failure(
      analyzeLayer(
        decoded.stream.on('data', (c: Buffer) => (seen += c.length)),
        { index: 3, diffId: 'sha256:feed', digest: null, size: null, createdBy: null },
        { analyzers: [], limits, image: 'bomb-image' },
      ),
    );
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain('Image bomb-image, layer 3 (sha256:feed): decompression ratio');
    expect(error.message).toContain('exceeds the limit maxCompressionRatio = 200');
    expect(seen).toBeLessThan(32 * 1024 * 1024);
  });

  it('stops a zstd bomb (RLE blocks) before it is inflated', async () => {
    const bomb = zstdRle(0, 4096); // 512 MiB from ~16 KiB
    const limits = archiveLimits({ maxCompressionRatio: 100, compressionRatioGraceBytes: 1024 * 1024 });
    const decoded = await decodeStream(Readable.from([bomb]), { limits, context });
    const error = await failure(collect(decoded.stream));
    expect(error.message).toContain('maxCompressionRatio = 100');
  });

  it('fails on a digest or diffID that does not match, naming the layer', async () => {
    const tar = await makeTar([{ name: 'a', content: 'hello' }]);
    const wrong = 'sha256:' + '1'.repeat(64);
    const a = await decodeStream(Readable.from([gzip(tar)]), { limits: archiveLimits(), context, digest: wrong });
    expect((await failure(collect(a.stream))).message).toContain("the blob's content does not match its digest");
    const b = await decodeStream(Readable.from([gzip(tar)]), { limits: archiveLimits(), context, diffId: wrong });
    expect((await failure(collect(b.stream))).message).toMatch(/bomb-image, layer 3 \(sha256:feed\): the uncompressed layer does not match its diffID/);
  });

  it('reports damaged gzip and zstd data as errors', async () => {
    const tar = await makeTar([{ name: 'a', content: Buffer.alloc(100_000, 7) }]);
    const whole = gzip(tar);
    const gz = whole.subarray(0, whole.length >> 1);
    await expect(collect((await decodeStream(Readable.from([gz]), { limits: archiveLimits(), context })).stream)).rejects.toThrow();
    const truncated = zstdRaw(tar).subarray(0, 50_000);
    await expect(collect((await decodeStream(Readable.from([truncated]), { limits: archiveLimits(), context })).stream)).rejects.toThrow();
  });
});
