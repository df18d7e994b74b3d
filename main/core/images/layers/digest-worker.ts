// Worker thread: checks that a stored layer (a region of a file) hashes to its digests, reading
// the region on its own while the main thread walks the same bytes. Jobs run one at a time in
// the order they came; a cancelled job stops at its next chunk. See off-thread-digest.ts.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { RpcError } from '../../../../shared/contracts/errors';
import { decodeStream } from './layer-decode';
import type { DigestJob, DigestWorkerMessage, DigestVerdict } from './off-thread-digest';

const port = parentPort!;
const cancelled = new Set<number>();
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: DigestWorkerMessage) => {
  if (message.kind === 'cancel') cancelled.add(message.id);
  else queue = queue.then(() => run(message.job));
});

async function run(job: DigestJob): Promise<void> {
  const post = (verdict: DigestVerdict): void => port.postMessage(verdict);
  if (cancelled.delete(job.id)) return post({ id: job.id, ok: false, error: new RpcError('cancelled', 'The layer digest check was cancelled').toShape() });
  try {
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
