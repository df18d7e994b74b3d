// A file's bytes by offset, whether the whole file is in memory or is read where it lies (a layer
// read in place): what analyzers that need only a few parts of a big file (ELF headers) read from.
import fs from 'node:fs';

export interface ByteSource {
  size: number;
  /** Exactly `length` bytes at `offset`; throws when they are outside the file. */
  read(offset: number, length: number): Buffer;
}

/** Whether `length` bytes at `offset` lie inside a file of `size` bytes. */
export function inRange(size: number, offset: number, length: number): boolean {
  return Number.isSafeInteger(offset) && Number.isSafeInteger(length) && offset >= 0 && length >= 0 && offset + length <= size;
}

/** A file of `size` bytes stored at `start` in the open file `fd` (named `path` in errors), read with blocking reads. */
export function fileRangeSource(fd: number, start: number, size: number, path: string): ByteSource {
  return {
    size,
    read(offset, length) {
      if (!inRange(size, offset, length)) throw new Error(`read of ${length} bytes at ${offset} is outside the file`);
      const out = Buffer.allocUnsafe(length);
      for (let done = 0; done < length; ) {
        const n = fs.readSync(fd, out, done, length - done, start + offset + done);
        if (n === 0) throw new Error(`${path} ended early`);
        done += n;
      }
      return out;
    },
  };
}
