// Turn a stored layer blob (gzip, zstd or a plain tar: told by its first bytes, whatever the
// media type or file name says) into the uncompressed tar stream, bounding the decompression
// ratio as it goes and verifying the blob digest and the diffID when the stream ends.
import { createHash, type Hash } from 'node:crypto';
import { PassThrough, pipeline, Readable, Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress as ZstdDecompress } from 'fzstd';
import { RpcError } from '../../../../shared/contracts/errors';
import { limitExceeded, type ArchiveLimits, type LimitContext } from './archive-limits';
import { VerdictGate } from './off-thread-digest';

export type Compression = 'gzip' | 'zstd' | 'none';

const ZSTD_MAGIC = 0xfd2fb528;

export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && Buffer.from(head.buffer, head.byteOffset, head.byteLength).readUInt32LE(0) === ZSTD_MAGIC) return 'zstd';
  return 'none';
}

type AnyReadable = Readable | NodeJS.ReadableStream;

/**
 * Read the first `bytes` bytes (fewer if the stream is shorter) and hand back a stream that
 * yields the whole content again, head included. The source is left paused until then.
 */
export function peekStream(source: AnyReadable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    let done = false;
    const cleanup = (): void => {
      source.removeListener('data', onData);
      source.removeListener('end', onEnd);
      source.removeListener('error', onError);
    };
    const finish = (ended: boolean): void => {
      if (done) return;
      done = true;
      cleanup();
      source.pause();
      const head = Buffer.concat(chunks);
      const out = new PassThrough({ highWaterMark: 1024 * 1024 });
      out.write(head);
      if (ended) {
        out.end();
      } else {
        source.on('error', (error: Error) => out.destroy(error));
        out.on('close', () => {
          if (!out.readableEnded) destroyQuietly(source);
        });
        source.pipe(out);
      }
      resolve({ head: head.subarray(0, bytes), stream: out });
    };
    const onData = (chunk: Buffer | string): void => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buffer);
      length += buffer.length;
      if (length >= bytes) finish(false);
    };
    const onEnd = (): void => finish(true);
    const onError = (error: Error): void => {
      if (done) return;
      done = true;
      cleanup();
      reject(error);
    };
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
    source.resume();
  });
}

export function destroyQuietly(stream: AnyReadable | NodeJS.WritableStream, error?: Error): void {
  const destroyable = stream as { destroy?: (error?: Error) => void; destroyed?: boolean };
  if (typeof destroyable.destroy === 'function' && !destroyable.destroyed) destroyable.destroy(error);
}

/** Counts bytes in and out of a decompressor and fails once out > ratio × in (after the grace bytes). */
export class RatioMeter {
  compressed = 0;
  uncompressed = 0;
  constructor(
    private readonly limits: ArchiveLimits,
    private readonly context: LimitContext,
  ) {}

  addCompressed(n: number): void {
    this.compressed += n;
  }

  addUncompressed(n: number): void {
    this.uncompressed += n;
    if (this.uncompressed > this.limits.compressionRatioGraceBytes && this.uncompressed > this.limits.maxCompressionRatio * Math.max(1, this.compressed)) {
      const ratio = Math.round(this.uncompressed / Math.max(1, this.compressed));
      throw limitExceeded(this.context, 'maxCompressionRatio', `${ratio}:1 after ${this.uncompressed} bytes`, this.limits.maxCompressionRatio, 'decompression ratio');
    }
  }
}

/** Calls `tap` with each chunk's length; `tap` may throw to fail the stream. */
export class ByteTap extends Transform {
  constructor(private readonly tap: (bytes: number) => void) {
    super({ highWaterMark: 1024 * 1024 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.tap(chunk.length);
    } catch (error) {
      callback(error as Error);
      return;
    }
    callback(null, chunk);
  }
}

export function parseDigest(digest: string): { algorithm: 'sha256' | 'sha512'; hex: string } | null {
  const match = /^(sha256|sha512):([a-f0-9]+)$/.exec(digest);
  if (!match) return null;
  const algorithm = match[1] as 'sha256' | 'sha512';
  const hex = match[2]!;
  if (hex.length !== (algorithm === 'sha256' ? 64 : 128)) return null;
  return { algorithm, hex };
}

/** Passes bytes through, hashing them: digest() ('sha256:…') once the stream has ended. */
export class DigestTap extends Transform {
  private readonly hash: Hash;
  private result: string | null = null;
  constructor(private readonly algorithm: 'sha256' | 'sha512' = 'sha256') {
    super({ highWaterMark: 1024 * 1024 });
    this.hash = createHash(algorithm);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.result = `${this.algorithm}:${this.hash.digest('hex')}`;
    callback();
  }

  digest(): string {
    if (!this.result) throw new Error('the stream was not read to its end');
    return this.result;
  }
}

/** Passes bytes through and fails at the end when their digest differs from `expected`. */
export class DigestCheck extends DigestTap {
  constructor(
    private readonly expected: string,
    private readonly describe: (actual: string) => Error,
  ) {
    const parsed = parseDigest(expected);
    if (!parsed) throw new RpcError('invalid_input', `Unsupported or malformed digest ${JSON.stringify(expected)}`);
    super(parsed.algorithm);
  }

  override _flush(callback: TransformCallback): void {
    super._flush(() => {
      const actual = this.digest();
      callback(actual === this.expected ? null : this.describe(actual));
    });
  }
}

/** fzstd's streaming decompressor as a Transform, fed in small slices so the ratio is checked often. */
export class ZstdStream extends Transform {
  private readonly decoder: ZstdDecompress;
  private failure: Error | null = null;
  constructor(private readonly meter: RatioMeter | null) {
    super({ highWaterMark: 1024 * 1024 });
    this.decoder = new ZstdDecompress((data) => {
      if (this.failure) return;
      try {
        this.meter?.addUncompressed(data.length);
      } catch (error) {
        this.failure = error as Error;
        throw error;
      }
      this.push(Buffer.from(data));
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      for (let offset = 0; offset < chunk.length; offset += 16 * 1024) this.decoder.push(chunk.subarray(offset, offset + 16 * 1024));
    } catch (error) {
      callback(this.failure ?? zstdError(error));
      return;
    }
    callback();
  }

  override _flush(callback: TransformCallback): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
    } catch (error) {
      callback(this.failure ?? zstdError(error));
      return;
    }
    callback();
  }
}

function zstdError(error: unknown): Error {
  return new RpcError('invalid_input', `The zstd stream is damaged: ${(error as Error)?.message ?? String(error)}`);
}

/** The error for stored bytes ('blob') or an uncompressed tar ('diffId') that do not hash to what they should. */
export function digestMismatch(what: 'blob' | 'diffId', context: LimitContext, expected: string, actual: string): RpcError {
  const said = what === 'blob' ? `the blob's content does not match its digest` : 'the uncompressed layer does not match its diffID';
  return new RpcError('invalid_input', `Image ${context.image}, ${context.where}: ${said} ${expected} (it hashes to ${actual})`, { image: context.image, where: context.where, expected, actual });
}

export interface DecodeOptions {
  limits: ArchiveLimits;
  context: LimitContext;
  /** Digest of the stored bytes as they are (a registry or OCI blob digest), checked at the end. */
  digest?: string | null;
  /** Digest of the uncompressed tar (the diffID), checked at the end. */
  diffId?: string | null;
  signal?: AbortSignal;
  /** Stored (compressed) bytes read so far. */
  onStoredBytes?: (bytes: number) => void;
  /** The digests' verdict from a check running elsewhere (off-thread-digest): the stream ends only once it resolves. */
  verdict?: Promise<void>;
}

export interface DecodedStream {
  stream: Readable;
  compression: Compression;
}

/**
 * The uncompressed content of a stored blob. Errors anywhere (source, decompressor, ratio, digest)
 * surface as an 'error' on the returned stream; destroying it releases the source.
 */
export async function decodeStream(source: AnyReadable, options: DecodeOptions): Promise<DecodedStream> {
  const { head, stream: input } = await peekStream(source, 4);
  const compression = detectCompression(head);
  const meter = new RatioMeter(options.limits, options.context);
  const stages: NodeJS.ReadWriteStream[] = [];
  const { context } = options;
  if (options.digest) {
    const expected = options.digest;
    stages.push(new DigestCheck(expected, (actual) => digestMismatch('blob', context, expected, actual)));
  }
  stages.push(
    new ByteTap((n) => {
      meter.addCompressed(n);
      options.onStoredBytes?.(n);
    }),
  );
  if (compression === 'gzip') {
    stages.push(createGunzip({ chunkSize: 64 * 1024 }));
    stages.push(new ByteTap((n) => meter.addUncompressed(n)));
  } else if (compression === 'zstd') {
    stages.push(new ZstdStream(meter));
  }
  if (options.diffId) {
    const expected = options.diffId;
    stages.push(new DigestCheck(expected, (actual) => digestMismatch('diffId', context, expected, actual)));
  }
  if (options.verdict) stages.push(new VerdictGate(options.verdict));
  const out = chain(input, stages);
  if (options.signal) abortWith(out, options.signal);
  return { stream: out, compression };
}

/** pipeline() with the last stream returned: an error anywhere destroys every stage with it. */
export function chain(input: Readable, stages: NodeJS.ReadWriteStream[]): Readable {
  if (stages.length === 0) return input;
  const streams = [input, ...stages] as unknown as [Readable, ...NodeJS.ReadWriteStream[]];
  const last = (pipeline as unknown as (...args: unknown[]) => Readable)(...streams, () => undefined);
  return last;
}

export function abortWith(stream: Readable, signal: AbortSignal): void {
  const onAbort = (): void => {
    stream.destroy(new RpcError('cancelled', 'The scan was cancelled'));
  };
  if (signal.aborted) {
    onAbort();
    return;
  }
  signal.addEventListener('abort', onAbort, { once: true });
  stream.once('close', () => signal.removeEventListener('abort', onAbort));
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new RpcError('cancelled', 'The scan was cancelled');
}
