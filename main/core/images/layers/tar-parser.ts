// A layer tar parsed as its bytes arrive, synchronously, with no stream per entry: a layer holds
// tens of thousands of entries, and per-entry streams cost more than hashing their content.
// pax records (path, linkpath, size, uid, gid) and GNU long names are applied. Where tar readers
// differ, this one reads as Docker extracts layers (Go's archive/tar): the archive ends at two
// zero blocks, and link, symlink, device, directory and fifo headers carry no content whatever
// their size field says. A damaged header is an error naming its byte offset.
import { addExtension, checksumMatches, decodeHeader, entryTypeOf, extendedEntry, isExtensionFlag, isZeroBlock, MAX_EXTENSION_BYTES, noExtensions, TAR_BLOCK, type RawTarHeader, type TarEntryType } from './tar-header';

export interface TarEntry {
  /** As stored (not normalised). */
  name: string;
  type: TarEntryType;
  /** Content bytes that follow (0 for header-only types). */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  linkname: string;
  /** Where the content starts in the tar (bytes from its beginning). */
  offset: number;
}

/** Receives a tar's entries in order: entry(), then its content through data(), then end(). */
export interface TarSink {
  entry(entry: TarEntry): void;
  /** Views into the pushed chunks: copy what must outlive the chunk. */
  data(chunk: Buffer): void;
  end(): void;
}

const HEADER_ONLY_FLAGS = new Set(['1', '2', '3', '4', '5', '6']);

type Mode = 'header' | 'data' | 'extension' | 'skip' | 'done';

export class TarParser {
  private readonly header = Buffer.alloc(TAR_BLOCK);
  private headerFill = 0;
  private mode: Mode = 'header';
  /** Content (or extension) bytes of the current entry still to come. */
  private remaining = 0;
  /** Padding (or ignored content) bytes to skip before the next header. */
  private skip = 0;
  private consumed = 0;
  private current = '';
  private sawZeroBlock = false;
  private extension: { flag: string; chunks: Buffer[] } | null = null;
  private pending = noExtensions();

  constructor(private readonly sink: TarSink) {}

  /** True once the end-of-archive marker was read; later bytes are ignored. */
  get ended(): boolean {
    return this.mode === 'done';
  }

  push(chunk: Buffer): void {
    let pos = 0;
    const length = chunk.length;
    while (pos < length) {
      switch (this.mode) {
        case 'done':
          this.consumed += length - pos;
          return;
        case 'data': {
          const n = Math.min(this.remaining, length - pos);
          this.sink.data(pos === 0 && n === length ? chunk : chunk.subarray(pos, pos + n));
          pos += n;
          this.consumed += n;
          this.remaining -= n;
          if (this.remaining === 0) this.endEntry();
          break;
        }
        case 'extension': {
          const n = Math.min(this.remaining, length - pos);
          // copied: the caller may reuse the chunk once push returns (a layer read in place)
          this.extension!.chunks.push(Buffer.from(chunk.subarray(pos, pos + n)));
          pos += n;
          this.consumed += n;
          this.remaining -= n;
          if (this.remaining === 0) this.endExtension();
          break;
        }
        case 'skip': {
          const n = Math.min(this.skip, length - pos);
          pos += n;
          this.consumed += n;
          this.skip -= n;
          if (this.skip === 0) this.mode = 'header';
          break;
        }
        case 'header': {
          if (this.headerFill === 0 && length - pos >= TAR_BLOCK) {
            this.onHeader(chunk, pos);
            pos += TAR_BLOCK;
            break;
          }
          const n = Math.min(TAR_BLOCK - this.headerFill, length - pos);
          chunk.copy(this.header, this.headerFill, pos, pos + n);
          this.headerFill += n;
          pos += n;
          if (this.headerFill === TAR_BLOCK) {
            this.headerFill = 0;
            this.onHeader(this.header, 0);
          }
          break;
        }
      }
    }
  }

  /** The input ended: an entry cut short is an error; missing padding or end-of-archive blocks are not. */
  end(): void {
    if (this.mode === 'data' || this.mode === 'extension') {
      throw new Error(`the tar ends in the middle of ${JSON.stringify(this.current)}: ${this.remaining} bytes of its content are missing`);
    }
    if (this.mode === 'header' && this.headerFill > 0) throw new Error(`the tar ends in the middle of a header, at byte ${this.consumed}`);
  }

  private onHeader(block: Buffer, offset: number): void {
    const at = this.consumed;
    this.consumed += TAR_BLOCK;
    if (isZeroBlock(block, offset)) {
      if (this.sawZeroBlock) this.mode = 'done';
      this.sawZeroBlock = true;
      return;
    }
    if (this.sawZeroBlock) throw new Error(`a header follows an end-of-archive block at byte ${at}`);
    if (!checksumMatches(block, offset)) throw new Error(`damaged tar header at byte ${at} (its checksum does not add up)`);
    const raw = decodeHeader(block, offset);
    if (!raw) throw new Error(`damaged tar header at byte ${at} (a number field is not a number)`);
    if (isExtensionFlag(raw.flag)) {
      if (raw.size > MAX_EXTENSION_BYTES) throw new Error(`a tar extension header of ${raw.size} bytes at byte ${at} is larger than ${MAX_EXTENSION_BYTES}`);
      this.current = `extension header at byte ${at}`;
      this.extension = { flag: raw.flag, chunks: [] };
      this.remaining = raw.size;
      this.skip = padding(raw.size);
      this.mode = 'extension';
      if (raw.size === 0) this.endExtension();
      return;
    }
    this.startEntry(raw);
  }

  private startEntry(raw: RawTarHeader): void {
    const { name, linkname, size, uid, gid } = extendedEntry(raw, this.pending);
    this.pending = noExtensions();
    const type = entryTypeOf(raw.flag, name);
    const content = HEADER_ONLY_FLAGS.has(raw.flag) ? 0 : size;
    this.current = name;
    this.sink.entry({ name, type, size: content, mode: raw.mode, uid, gid, linkname, offset: this.consumed });
    this.remaining = content;
    this.skip = padding(content);
    if (content === 0) this.endEntry();
    else this.mode = 'data';
  }

  private endEntry(): void {
    this.sink.end();
    this.mode = this.skip > 0 ? 'skip' : 'header';
  }

  private endExtension(): void {
    const { flag, chunks } = this.extension!;
    this.extension = null;
    addExtension(this.pending, flag, Buffer.concat(chunks));
    this.mode = this.skip > 0 ? 'skip' : 'header';
  }
}

function padding(size: number): number {
  const rest = size % TAR_BLOCK;
  return rest === 0 ? 0 : TAR_BLOCK - rest;
}
