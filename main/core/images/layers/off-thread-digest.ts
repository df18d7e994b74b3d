// Digest checks of layers stored in files (docker-save tars, OCI layouts) run on a worker thread
// that reads the same bytes on its own: hashing a layer costs about as much as walking it, and
// the main thread is busy walking. The main thread's stream of a layer ends only once the worker
// has agreed (VerdictGate), and fails as soon as it disagrees, so a layer that does not match its
// digest or diffID never becomes a result. Streamed sources (the engine, registries) and a
// missing worker script keep checking inline, in the stream (layer-decode's DigestCheck).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { RpcError, type RpcErrorShape } from '../../../../shared/contracts/errors';
import type { ArchiveLimits, LimitContext } from './archive-limits';

/** Bytes of a file that hold one stored layer blob (compressed or not). */
export interface FileRegion {
  path: string;
  start: number;
  length: number;
}

export interface DigestJob extends FileRegion {
  id: number;
  /** The stored bytes' digest (a blob digest), or null. */
  digest: string | null;
  /** The uncompressed tar's digest, or null. */
  diffId: string | null;
  limits: ArchiveLimits;
  context: LimitContext;
}

export type DigestVerdict = { id: number; ok: true } | { id: number; ok: false; error: RpcErrorShape };
export type DigestWorkerMessage = { kind: 'job'; job: DigestJob } | { kind: 'cancel'; id: number };

export interface DigestCheckHandle {
  /** Settles when the worker has read the region: rejects with the mismatch (or failure). */
  verdict: Promise<void>;
  /** Stop the check if it is still queued or running (its verdict then rejects as cancelled). */
  cancel(): void;
}

export class DigestWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(private readonly script: { file: string; execArgv: string[] }) {}

  check(region: FileRegion, expected: { digest: string | null; diffId: string | null; limits: ArchiveLimits; context: LimitContext }): DigestCheckHandle {
    const id = this.nextId++;
    const verdict = new Promise<void>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    verdict.catch(() => undefined); // a check nobody waits for (the walk failed first) is no unhandled rejection
    const worker = this.running();
    worker.ref();
    worker.postMessage({ kind: 'job', job: { id, ...region, ...expected } } satisfies DigestWorkerMessage);
    return {
      verdict,
      cancel: () => {
        if (this.pending.has(id)) this.worker?.postMessage({ kind: 'cancel', id } satisfies DigestWorkerMessage);
      },
    };
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.script.file, { execArgv: this.script.execArgv });
    worker.on('message', (verdict: DigestVerdict) => {
      const waiting = this.pending.get(verdict.id);
      if (!waiting) return;
      this.pending.delete(verdict.id);
      if (verdict.ok) waiting.resolve();
      else waiting.reject(RpcError.fromShape(verdict.error));
      // An idle worker must not keep the process (a CLI scan) alive
      if (this.pending.size === 0) worker.unref();
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = null;
      const failure = new RpcError('internal', `The layer digest check stopped: ${error.message}`);
      for (const waiting of this.pending.values()) waiting.reject(failure);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`its worker thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

/**
 * Where the worker's script is: the bundled digest-worker.js beside the bundle (the CLI's
 * dist/main, or one level up from Electron's dist/main/electron), or, when running from the
 * TypeScript sources (tests, benches), digest-worker.ts through tsx's require hook. Null when
 * neither is there: checks then run inline.
 */
function workerScript(): { file: string; execArgv: string[] } | null {
  if (__filename.endsWith('.ts')) {
    const file = path.join(__dirname, 'digest-worker.ts');
    try {
      return fs.existsSync(file) ? { file, execArgv: ['--require', createRequire(__filename).resolve('tsx/cjs')] } : null;
    } catch {
      return null;
    }
  }
  for (const dir of [__dirname, path.join(__dirname, '..')]) {
    // electron-builder unpacks the worker from the asar archive: a worker thread cannot start from inside one
    const file = path.join(dir, 'digest-worker.js').replace(`${path.sep}app.asar${path.sep}`, `${path.sep}app.asar.unpacked${path.sep}`);
    if (fs.existsSync(file)) return { file, execArgv: [] };
  }
  return null;
}

let shared: DigestWorker | null | undefined;

/** The process's digest worker (started on first use), or null when its script cannot be found. */
export function digestWorker(): DigestWorker | null {
  if (shared === undefined) {
    const script = process.env.VIGIL_INLINE_DIGESTS === '1' ? null : workerScript();
    shared = script ? new DigestWorker(script) : null;
  }
  return shared;
}

/** Passes a layer's bytes through; ends only when the verdict resolves, fails as soon as it rejects. */
export class VerdictGate extends Transform {
  constructor(private readonly verdict: Promise<void>) {
    super({ highWaterMark: 1024 * 1024 });
    verdict.catch((error: Error) => {
      if (!this.destroyed && !this.writableFinished) this.destroy(error);
    });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.verdict.then(
      () => callback(),
      (error: Error) => callback(error),
    );
  }
}
