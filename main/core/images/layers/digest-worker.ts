// Worker thread: checks that a stored layer (a region of a file) hashes to its digests, reading
// the region on its own while the main thread walks the same bytes. Jobs run one at a time in
// the order they came; a cancelled job stops at its next chunk. See off-thread-digest.ts.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { RpcError } from '../../../../shared/contracts/errors';
import { hashFileRange } from './hash-file-range';
import { decodeStream, detectCompression, digestMismatch, parseDigest } from './layer-decode';
import type { DigestJob, DigestWorkerMessage, DigestVerdict } from './off-thread-digest';

const port = parentPort!;
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: DigestWorkerMessage) => {
  if (message.kind === 'cancel') cancelled.add(message.id);
  else queue = queue.then(() => run(message.job));
});

/** Bytes per read of a plain blob: one buffer, reused. */
const READ_BYTES = 4 * 1024 * 1024;
/** Bytes hashed between two turns of the event loop, when a cancel can get through. */
const YIELD_BYTES = 8 * 1024 * 1024;
let scratch: Buffer | null = null;

/**
 * A plain (uncompressed) blob is both the stored bytes and the tar: one hash serves for its blob
 * digest and its diffID. Read with blocking reads into one reused buffer (this thread has nothing
 * else to do), yielding between reads so a cancel gets through. False when the blob is compressed.
 */
async function checkPlainInPlace(job: DigestJob): Promise<boolean> {
  const fd = fs.openSync(job.path, 'r');
  try {
    const buffer = (scratch ??= Buffer.allocUnsafe(READ_BYTES));
    const head = fs.readSync(fd, buffer, 0, Math.min(4, job.length), job.start);
    if (detectCompression(buffer.subarray(0, head)) !== 'none') return false;
    const expected = [job.digest, job.diffId].filter((d): d is string => d !== null);
    const algorithms = [...new Set(expected.map((d) => parseDigest(d)?.algorithm ?? 'unsupported'))];
    if (algorithms.includes('unsupported')) return false; // decodeStream words the error
    const hashes = algorithms.map((a) => createHash(a));
    const ended = () => new RpcError('invalid_input', `Image ${job.context.image}, ${job.context.where}: ${job.path} ended early: it changed while being read`);
    for (let done = 0; done < job.length; done += YIELD_BYTES) {
      if (cancelled.has(job.id)) throw new RpcError('cancelled', 'The layer digest check was cancelled');
      hashFileRange(fd, job.start + done, Math.min(YIELD_BYTES, job.length - done), buffer, hashes, ended);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const actual = new Map(algorithms.map((a, i) => [a, `${a}:${hashes[i]!.digest('hex')}`]));
    const hashOf = (digest: string): string => actual.get(parseDigest(digest)!.algorithm)!;
    if (job.digest && hashOf(job.digest) !== job.digest) throw digestMismatch('blob', job.context, job.digest, hashOf(job.digest));
    if (job.diffId && hashOf(job.diffId) !== job.diffId) throw digestMismatch('diffId', job.context, job.diffId, hashOf(job.diffId));
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

async function run(job: DigestJob): Promise<void> {
  const post = (verdict: DigestVerdict): void => port.postMessage(verdict);
  if (cancelled.delete(job.id)) return post({ id: job.id, ok: false, error: new RpcError('cancelled', 'The layer digest check was cancelled').toShape() });
  try {
    if (await checkPlainInPlace(job)) return post({ id: job.id, ok: true });
    const source = job.length === 0 ? Readable.from([]) : fs.createReadStream(job.path, { start: job.start, end: job.start + job.length - 1, highWaterMark: 1024 * 1024 });
    const { stream } = await decodeStream(source, { limits: job.limits, context: job.context, digest: job.digest, diffId: job.diffId });
    for await (const _chunk of stream) {
      if (cancelled.has(job.id)) {
        stream.destroy();
        throw new RpcError('cancelled', 'The layer digest check was cancelled');
      }
    }
    post({ id: job.id, ok: true });
  } catch (error) {
    post({ id: job.id, ok: false, error: RpcError.from(error).toShape() });
  } finally {
    cancelled.delete(job.id);
  }
}
