// A file's bytes by offset, whether the whole file is in memory or is read where it lies (a layer
// read in place): what analyzers that need only a few parts of a big file (ELF headers) read from.

export interface ByteSource {
  size: number;
  /** Exactly `length` bytes at `offset`; throws when they are outside the file. */
  read(offset: number, length: number): Buffer;
}
