import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { RpcError } from '../../../../shared/contracts/errors';
import { failure } from '../../../../tests/support/rpc-failure';
import { collect, gzip, makeTar, sha256, zstdRaw } from '../sources/image-archive.testkit';
import { archiveLimits } from './archive-limits';
import { decodeStream } from './layer-decode';
import { digestWorker, VerdictGate } from './off-thread-digest';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-digest-worker-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const context = { image: 'region-image', where: 'layer 1 (sha256:beef)' };
const expectations = (digest: string | null, diffId: string | null) => ({ digest, diffId, limits: archiveLimits(), context });

/** A file holding `before`, the blob, then `after`: the blob is a region in the middle. */
function regionFile(name: string, blob: Buffer): { path: string; start: number; length: number } {
  const file = path.join(scratch, name);
  fs.writeFileSync(file, Buffer.concat([Buffer.alloc(1536, 7), blob, Buffer.alloc(1000, 9)]));
  return { path: file, start: 1536, length: blob.length };
}

describe('the layer digest worker', () => {
  // Tests run from the TypeScript sources: the worker must be found there, or every file-backed
  // layer would silently be checked inline and this path never tested.
  const worker = digestWorker();
  it('is found and started from the sources', () => {
    expect(worker).not.toBeNull();
  });

  it('agrees with a region of a file that matches its blob digest and diffID, for plain, gzip and zstd blobs', async () => {
    const tar = await makeTar([{ name: 'etc/hostname', content: 'vigil\n' }, { name: 'big', content: Buffer.alloc(3 * 1024 * 1024, 1) }]);
    for (const [name, blob] of [['plain', tar], ['gzip', gzip(tar)], ['zstd', zstdRaw(tar)]] as const) {
      const region = regionFile(`${name}.bin`, blob);
      await expect(worker!.check(region, expectations(sha256(blob), sha256(tar))).verdict).resolves.toBeUndefined();
    }
  });

  it('rejects a region whose uncompressed tar or stored bytes do not match, naming the image and layer', async () => {
    const tar = await makeTar([{ name: 'a', content: 'a' }]);
    const region = regionFile('wrong.bin', gzip(tar));
    const wrongDiff = await failure(worker!.check(region, expectations(null, `sha256:${'2'.repeat(64)}`)).verdict);
    expect(wrongDiff.code).toBe('invalid_input');
    expect(wrongDiff.message).toBe(`Image region-image, layer 1 (sha256:beef): the uncompressed layer does not match its diffID sha256:${'2'.repeat(64)} (it hashes to ${sha256(tar)})`);
    const wrongBlob = await failure(worker!.check(region, expectations(`sha256:${'3'.repeat(64)}`, sha256(tar))).verdict);
    expect(wrongBlob.message).toContain("the blob's content does not match its digest");
    const missing = await failure(worker!.check({ path: path.join(scratch, 'gone.bin'), start: 0, length: 10 }, expectations(null, sha256(tar))).verdict);
    expect(missing.message).toContain('gone.bin');
  });

  it('stops a cancelled check', async () => {
    const tar = await makeTar([{ name: 'big', content: Buffer.alloc(48 * 1024 * 1024, 5) }]);
    const region = regionFile('cancel.bin', tar);
    const check = worker!.check(region, expectations(null, sha256(tar)));
    check.cancel();
    expect((await failure(check.verdict)).code).toBe('cancelled');
    // the worker goes on with the next job
    await expect(worker!.check(region, expectations(null, sha256(tar))).verdict).resolves.toBeUndefined();
  });
});

describe('VerdictGate', () => {
  it('ends the stream only once the verdict resolves, and fails it when the verdict rejects', async () => {
    let agree!: () => void;
    const verdict = new Promise<void>((resolve) => (agree = resolve));
    const decoded = await decodeStream(Readable.from([Buffer.from('layer bytes')]), { limits: archiveLimits(), context, verdict });
    let ended = false;
    const done = collect(decoded.stream).then((bytes) => ((ended = true), bytes));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(ended).toBe(false);
    agree();
    expect((await done).toString()).toBe('layer bytes');

    const refused = Promise.reject(new RpcError('invalid_input', 'the uncompressed layer does not match its diffID'));
    const gate = Readable.from([Buffer.from('x')]).pipe(new VerdictGate(refused));
    await expect(collect(gate)).rejects.toThrow(/does not match its diffID/);
  });
});
