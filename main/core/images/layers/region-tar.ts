// A layer stored uncompressed in a region of a file (a docker-save tar, an OCI layout's plain
// blob) can be read without a fresh buffer per chunk: two buffers, each refilled while the other
// is walked. Hundreds of MiB of short-lived chunk buffers cost a scan more in page faults and
// garbage collection than the tar walk itself. Consumers that can live with chunks that are only
// valid until they ask for the next one (the layer walker, the read limit) use layerChunks();
// everyone else gets an ordinary stream, opened only when first read.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { detectCompression, throwIfAborted } from './layer-decode';
import type { DigestCheckHandle, FileRegion } from './off-thread-digest';

/** Bytes per read: large enough that a read's round trip to the thread pool is noise. */
const DIRECT_CHUNK = 2 * 1024 * 1024;

export class FileRegionTar extends Readable {
  /** True once direct() reads the region in place (a plain tar): offsets in it are offsets in the file. */
  inPlace = false;
  /** A consumer has started reading (as a stream or in place): the check is theirs to wait for. */
  claimed = false;
  private inner: Readable | null = null;
  private started = false;

  /**
   * @param region where the stored blob lies
   * @param check the digest check running elsewhere: the bytes are good once its verdict resolves
   * @param openStream the same layer as an ordinary decoded stream (for compressed blobs, and for stream consumers)
   * @param signal the source's cancellation
   */
  constructor(
    readonly region: FileRegion,
    readonly check: DigestCheckHandle,
    private readonly openStream: () => Promise<Readable>,
    private readonly signal?: AbortSignal,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _read(): void {
    if (this.inner) {
      this.inner.resume();
      return;
    }
    if (this.started) return;
    this.started = true;
    this.claimed = true;
    this.openStream().then(
      (inner) => {
        if (this.destroyed) {
          inner.destroy();
          return;
        }
        this.inner = inner;
        inner.on('data', (chunk: Buffer) => {
          if (!this.push(chunk)) inner.pause();
        });
        inner.once('end', () => this.push(null));
        inner.once('error', (error: Error) => this.destroy(error));
      },
      (error: Error) => this.destroy(error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.inner?.destroy();
    callback(error);
  }

  /**
   * The uncompressed tar as chunks valid until the next is asked for; compressed blobs go through
   * the stream. The last chunk waits for the digest check's verdict, unless `verifyLater`: then the
   * caller waits for `check.verdict` itself before it trusts what it read (it fails as soon as the
   * check does either way).
   */
  async *direct(signal?: AbortSignal, verifyLater = false): AsyncGenerator<Buffer> {
    if (this.started) throw new Error('the layer is already being read as a stream');
    this.claimed = true;
    const { path, start, length } = this.region;
    const handle = await fs.promises.open(path, 'r');
    let compressed: boolean;
    try {
      const head = Buffer.alloc(Math.min(4, length));
      await readFully(handle, head, head.length, start);
      compressed = detectCompression(head) !== 'none';
    } catch (error) {
      await handle.close();
      throw error;
    }
    if (compressed) {
      await handle.close();
      for await (const chunk of this) yield chunk as Buffer;
      return;
    }
    this.inPlace = true;
    let failure: Error | null = null;
    this.check.verdict.catch((error: Error) => (failure = error));
    let pending: Promise<number> = Promise.resolve(0);
    try {
      const buffers = [Buffer.allocUnsafe(Math.min(DIRECT_CHUNK, length)), Buffer.allocUnsafe(Math.min(DIRECT_CHUNK, length))];
      let position = start;
      const end = start + length;
      const read = (buffer: Buffer): Promise<number> => {
        const n = Math.min(buffer.length, end - position);
        const at = position;
        position += n;
        return n === 0 ? Promise.resolve(0) : readFully(handle, buffer, n, at);
      };
      let turn = 0;
      pending = read(buffers[0]!);
      for (;;) {
        const n = await pending;
        if (n === 0) break;
        const current = buffers[turn]!;
        turn ^= 1;
        pending = read(buffers[turn]!); // the other buffer fills while this one is walked
        throwIfAborted(signal);
        throwIfAborted(this.signal);
        if (failure) throw failure;
        yield current.subarray(0, n);
      }
      if (!verifyLater) await this.check.verdict;
    } finally {
      await pending.catch(() => 0); // a read still in flight when the walk stops early
      await handle.close().catch(() => undefined);
    }
  }
}

async function readFully(handle: fs.promises.FileHandle, buffer: Buffer, length: number, position: number): Promise<number> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`the file ended ${length - done} bytes early: it changed while being read`);
    done += bytesRead;
  }
  return done;
}

/**
 * A layer's chunks: from the file region when the source allows (each valid until the next), else
 * the stream's. With `verifyLater`, a layer checked off the main thread hands its check over
 * instead of waiting for it at the end: the caller must await the verdict before trusting the result.
 */
export function layerChunks(tar: Readable, signal?: AbortSignal, verifyLater?: (check: DigestCheckHandle) => void): AsyncIterable<Buffer> {
  if (!(tar instanceof FileRegionTar)) return tar as AsyncIterable<Buffer>;
  if (verifyLater) verifyLater(tar.check);
  return tar.direct(signal, verifyLater !== undefined);
}
