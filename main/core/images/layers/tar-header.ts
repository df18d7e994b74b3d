// One tar header block (v7, ustar, GNU), decoded without trusting it: the checksum must add up,
// numbers are octal or GNU base-256, names are NUL-bounded inside their field. Shared by the
// layer walker (tar-parser) and the seek-based index of outer archives (tar-index).

export const TAR_BLOCK = 512;

export type TarEntryType = 'file' | 'link' | 'symlink' | 'directory' | 'other';

/** A header as stored, before pax / GNU long-name records are applied. */
export interface RawTarHeader {
  /** The typeflag character ('0', '5', 'x', 'L' …, or '\0' for old regular files). */
  flag: string;
  name: string;
  linkname: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
}

export function isZeroBlock(block: Uint8Array, offset = 0): boolean {
  for (let i = offset; i < offset + TAR_BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

/** The field's text up to its first NUL (or its whole length). */
export function readString(block: Buffer, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && block[end] !== 0) end++;
  return block.toString('utf8', start, end);
}

/** An octal field (spaces and NULs around it allowed) or a GNU base-256 one; NaN when it is neither. */
export function readNumber(block: Buffer, start: number, length: number): number {
  if (block[start]! & 0x80) {
    // base-256 (GNU) for sizes over 8 GiB and large ids; 0xff starts a negative number, never valid here
    if (block[start] === 0xff) return NaN;
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  let value = 0;
  let digits = 0;
  let i = start;
  const limit = start + length;
  while (i < limit && (block[i] === 0x20 || block[i] === 0)) i++;
  for (; i < limit; i++) {
    const c = block[i]!;
    if (c >= 0x30 && c <= 0x37) {
      value = value * 8 + (c - 0x30);
      digits++;
    } else break;
  }
  for (; i < limit; i++) if (block[i] !== 0x20 && block[i] !== 0) return NaN;
  return digits === 0 ? 0 : value;
}

/** The stored checksum equals the sum of the block's bytes with the checksum field as spaces (unsigned, or signed as some old tars wrote it). */
export function checksumMatches(block: Buffer, offset = 0): boolean {
  const stored = readNumber(block, offset + 148, 8);
  let unsigned = 8 * 32;
  for (let i = offset; i < offset + 148; i++) unsigned += block[i]!;
  for (let i = offset + 156; i < offset + TAR_BLOCK; i++) unsigned += block[i]!;
  if (stored === unsigned) return true;
  let signed = 8 * 32;
  for (let i = offset; i < offset + TAR_BLOCK; i++) {
    if (i >= offset + 148 && i < offset + 156) continue;
    const b = block[i]!;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === signed;
}

/** A valid ustar/gnu/v7 header block: not all zeros, and its checksum adds up. */
export function isTarHeader(block: Buffer): boolean {
  return block.length >= TAR_BLOCK && !isZeroBlock(block) && checksumMatches(block);
}

/** Decode the header at `offset` (its checksum already checked); null when a number field is garbage. */
export function decodeHeader(block: Buffer, offset = 0): RawTarHeader | null {
  const size = readNumber(block, offset + 124, 12);
  if (!Number.isFinite(size)) return null;
  let name = readString(block, offset, 100);
  // 'ustar\0' (POSIX) has a name prefix field; GNU's 'ustar  \0' uses that space for other things
  if (block[offset + 257] === 0x75 && block.toString('latin1', offset + 257, offset + 263) === 'ustar\0') {
    const prefix = readString(block, offset + 345, 155);
    if (prefix) name = `${prefix}/${name}`;
  }
  return {
    flag: String.fromCharCode(block[offset + 156]!),
    name,
    linkname: readString(block, offset + 157, 100),
    size,
    mode: readNumber(block, offset + 100, 8) || 0,
    uid: readNumber(block, offset + 108, 8) || 0,
    gid: readNumber(block, offset + 116, 8) || 0,
  };
}

/** What an entry is, from its typeflag (as Go's archive/tar: an old '\0' file whose name ends in '/' is a directory). */
export function entryTypeOf(flag: string, name: string): TarEntryType {
  switch (flag) {
    case '\0':
      return name.endsWith('/') ? 'directory' : 'file';
    case '0':
    case '7':
      return 'file';
    case '1':
      return 'link';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

/** Extension records that describe the next entry rather than being one. */
export function isExtensionFlag(flag: string): boolean {
  return flag === 'x' || flag === 'g' || flag === 'L' || flag === 'K';
}

/** Extension records (pax, GNU long names) larger than this are refused rather than buffered. */
export const MAX_EXTENSION_BYTES = 1024 * 1024;

/** What extension records said about the entry that follows them. */
export interface PendingExtensions {
  pax: Record<string, string> | null;
  longName: string | null;
  longLink: string | null;
}

export function noExtensions(): PendingExtensions {
  return { pax: null, longName: null, longLink: null };
}

/** Take in an extension record's content: 'x' (pax), 'L' and 'K' (GNU long name and link name); 'g' (pax global) is ignored, as Docker does. */
export function addExtension(pending: PendingExtensions, flag: string, data: Buffer): void {
  if (flag === 'x') pending.pax = { ...pending.pax, ...parsePax(data) };
  else if (flag === 'L') pending.longName = nulTerminated(data);
  else if (flag === 'K') pending.longLink = nulTerminated(data);
}

/** The entry as its header and the extensions before it describe it: pax records first, then GNU long names. */
export function extendedEntry(raw: RawTarHeader, pending: PendingExtensions): { name: string; linkname: string; size: number; uid: number; gid: number } {
  const { pax } = pending;
  const name = pax?.path ?? pending.longName ?? raw.name;
  let size = raw.size;
  if (pax?.size !== undefined) {
    size = Number(pax.size);
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`the pax size of ${JSON.stringify(name)} is not a size: ${JSON.stringify(pax.size)}`);
  }
  return {
    name,
    linkname: pax?.linkpath ?? pending.longLink ?? raw.linkname,
    size,
    uid: pax?.uid !== undefined ? Number(pax.uid) || 0 : raw.uid,
    gid: pax?.gid !== undefined ? Number(pax.gid) || 0 : raw.gid,
  };
}

function nulTerminated(data: Buffer): string {
  const nul = data.indexOf(0);
  return data.toString('utf8', 0, nul < 0 ? data.length : nul);
}

/** pax extended header records: '<length> <key>=<value>\n' each. */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const length = parseInt(data.toString('utf8', pos, space), 10);
    if (!Number.isFinite(length) || length <= 0 || pos + length > data.length) break;
    const record = data.toString('utf8', space + 1, pos + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}
