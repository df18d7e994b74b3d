// Hash a range of an open file with blocking reads through one reused buffer: for checks that
// read a layer where it lies (the digest worker, and the hashes filled in after a merge).
import fs from 'node:fs';
import type { Hash } from 'node:crypto';

/** Feed the `length` bytes at `position` of `fd` to each hash; `ended` is thrown if the file is shorter. */
export function hashFileRange(fd: number, position: number, length: number, buffer: Buffer, hashes: readonly Hash[], ended: () => Error): void {
  for (let done = 0; done < length; ) {
    const n = fs.readSync(fd, buffer, 0, Math.min(buffer.length, length - done), position + done);
    if (n === 0) throw ended();
    for (const hash of hashes) hash.update(buffer.subarray(0, n));
    done += n;
  }
}
