// A bounds-checked reader for ELF headers (System V gABI): section headers with names, program
// headers, and virtual-address reads through PT_LOAD segments. 32- and 64-bit, either byte
// order. Every offset is checked against the file; a malformed file throws ElfError. The headers
// are read from a ByteSource, so a file read in place needs only its header tables read.
import { inRange, type ByteSource } from '../byte-source';

export class ElfError extends Error {}

export interface ElfSection {
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
}

export interface ElfSegment {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  filesz: number;
  memsz: number;
}

export interface ElfFile {
  bits: 32 | 64;
  littleEndian: boolean;
  /** e_type: 1 REL, 2 EXEC, 3 DYN, 4 CORE. */
  type: number;
  machine: number;
  sections: ElfSection[];
  segments: ElfSegment[];
}

export const SHT_NOBITS = 8;
export const PT_LOAD = 1;
const SHF_ALLOC = 2;
const SHN_XINDEX = 0xffff;
/** More headers than this is not a real program; refuse rather than loop. */
const MAX_HEADERS = 1 << 16;

export function isElf(buf: Buffer): boolean {
  return buf.length >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46;
}

/** A file in memory as a ByteSource whose out-of-bounds reads throw ElfError. */
export function bufferSource(buf: Buffer): ByteSource {
  return {
    size: buf.length,
    read(offset, length) {
      if (!inRange(buf.length, offset, length)) throw new ElfError(`ELF data out of bounds at ${offset}`);
      return buf.subarray(offset, offset + length);
    },
  };
}

/** Fields of one table (the ELF header, a header table), read from a buffer that holds just it. */
class Reader {
  constructor(
    private readonly buf: Buffer,
    readonly bits: 32 | 64,
    readonly le: boolean,
    /** Where buf starts in the file, for messages. */
    private readonly base = 0,
  ) {}

  private check(off: number, len: number): void {
    if (!Number.isSafeInteger(off) || off < 0 || off + len > this.buf.length) {
      throw new ElfError(`ELF header field out of bounds at ${this.base + off}`);
    }
  }

  u16(off: number): number {
    this.check(off, 2);
    return this.le ? this.buf.readUInt16LE(off) : this.buf.readUInt16BE(off);
  }

  u32(off: number): number {
    this.check(off, 4);
    return this.le ? this.buf.readUInt32LE(off) : this.buf.readUInt32BE(off);
  }

  /** A 64-bit field as a Number; beyond 2^53 it cannot be a file offset or size we can use. */
  u64(off: number): number {
    this.check(off, 8);
    const v = this.le ? this.buf.readBigUInt64LE(off) : this.buf.readBigUInt64BE(off);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`ELF value too large at ${this.base + off}`);
    return Number(v);
  }
}

/** Section names are read from at most this much of the section name table. */
const MAX_NAME_TABLE = 1024 * 1024;

export function parseElf(buf: Buffer): ElfFile {
  return parseElfFrom(bufferSource(buf));
}

/** The ELF header, program headers and named section headers, each table read in one piece. */
export function parseElfFrom(src: ByteSource): ElfFile {
  if (src.size < 52) throw new ElfError('not an ELF file');
  const ident = src.read(0, Math.min(64, src.size));
  if (!isElf(ident)) throw new ElfError('not an ELF file');
  const cls = ident[4];
  const data = ident[5];
  if (cls !== 1 && cls !== 2) throw new ElfError(`bad ELF class ${cls}`);
  if (data !== 1 && data !== 2) throw new ElfError(`bad ELF data encoding ${data}`);
  const bits = cls === 2 ? 64 : 32;
  const le = data === 1;
  const r = new Reader(ident, bits, le);
  const type = r.u16(16);
  const machine = r.u16(18);
  let phoff: number, shoff: number, phentsize: number, phnum: number, shentsize: number, shnum: number, shstrndx: number;
  if (bits === 64) {
    if (ident.length < 64) throw new ElfError('truncated ELF header');
    phoff = r.u64(32);
    shoff = r.u64(40);
    phentsize = r.u16(54);
    phnum = r.u16(56);
    shentsize = r.u16(58);
    shnum = r.u16(60);
    shstrndx = r.u16(62);
  } else {
    phoff = r.u32(28);
    shoff = r.u32(32);
    phentsize = r.u16(42);
    phnum = r.u16(44);
    shentsize = r.u16(46);
    shnum = r.u16(48);
    shstrndx = r.u16(50);
  }
  const shMin = bits === 64 ? 64 : 40;
  const phMin = bits === 64 ? 56 : 32;
  /** The `count` entries of `size` bytes at `offset`, as one buffer. */
  const table = (offset: number, count: number, size: number, what: string): Reader => {
    if (offset + count * size > src.size) throw new ElfError(`${what} table out of bounds (${count} entries at ${offset})`);
    return new Reader(src.read(offset, count * size), bits, le, offset);
  };

  const segments: ElfSegment[] = [];
  if (phoff !== 0 && phnum > 0) {
    if (phentsize < phMin) throw new ElfError(`bad program header size ${phentsize}`);
    const t = table(phoff, phnum, phentsize, 'program header');
    for (let i = 0; i < phnum; i++) {
      const o = i * phentsize;
      if (bits === 64) {
        segments.push({ type: t.u32(o), flags: t.u32(o + 4), offset: t.u64(o + 8), vaddr: t.u64(o + 16), filesz: t.u64(o + 32), memsz: t.u64(o + 40) });
      } else {
        segments.push({ type: t.u32(o), offset: t.u32(o + 4), vaddr: t.u32(o + 8), filesz: t.u32(o + 16), memsz: t.u32(o + 20), flags: t.u32(o + 24) });
      }
    }
  }

  const sections: ElfSection[] = [];
  if (shoff !== 0) {
    if (shentsize < shMin) throw new ElfError(`bad section header size ${shentsize}`);
    const readSection = (t: Reader, o: number) => {
      if (bits === 64) {
        return { nameOff: t.u32(o), type: t.u32(o + 4), flags: t.u64(o + 8), addr: t.u64(o + 16), offset: t.u64(o + 24), size: t.u64(o + 32), link: t.u32(o + 40) };
      }
      return { nameOff: t.u32(o), type: t.u32(o + 4), flags: t.u32(o + 8), addr: t.u32(o + 12), offset: t.u32(o + 16), size: t.u32(o + 20), link: t.u32(o + 24) };
    };
    // Extended numbering: with 0 (or SHN_XINDEX) in the header, section 0 holds the real values.
    if (shnum === 0 || shstrndx === SHN_XINDEX) {
      const first = readSection(table(shoff, 1, shentsize, 'section header'), 0);
      if (shnum === 0) shnum = first.size;
      if (shstrndx === SHN_XINDEX) shstrndx = first.link;
    }
    if (shnum > MAX_HEADERS) throw new ElfError(`section header table out of bounds (${shnum} entries at ${shoff})`);
    const t = table(shoff, shnum, shentsize, 'section header');
    const raw = [];
    for (let i = 0; i < shnum; i++) raw.push(readSection(t, i * shentsize));
    const strtab = raw[shstrndx];
    let names: Buffer | null = null;
    if (strtab && strtab.type !== SHT_NOBITS && strtab.offset < src.size) {
      names = src.read(strtab.offset, Math.min(strtab.size, src.size - strtab.offset, MAX_NAME_TABLE));
    }
    for (const s of raw) {
      let name = '';
      if (names && s.nameOff < names.length) {
        let to = names.indexOf(0, s.nameOff);
        if (to < 0) to = names.length;
        name = names.toString('latin1', s.nameOff, Math.min(to, s.nameOff + 256));
      }
      sections.push({ name, type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size });
    }
  }
  return { bits, littleEndian: le, type, machine, sections, segments };
}

/** The names of the sections, from the headers alone (the section contents are not read). */
export function sectionNames(src: ByteSource): Set<string> {
  return new Set(parseElfFrom(src).sections.map((s) => s.name));
}

export function findSection(elf: ElfFile, name: string): ElfSection | undefined {
  return elf.sections.find((s) => s.name === name);
}

/** A section's bytes in the file, or null when it has none (NOBITS) or lies outside the file. */
export function sectionData(buf: Buffer, s: ElfSection): Buffer | null {
  if (s.type === SHT_NOBITS) return null;
  if (s.offset < 0 || s.size < 0 || s.offset + s.size > buf.length) return null;
  return buf.subarray(s.offset, s.offset + s.size);
}

/**
 * `size` bytes at virtual address `addr`, through the PT_LOAD segments (as a loader maps them),
 * then allocated sections (for files without program headers). Null when unmapped or outside the file.
 */
export function readVirtual(elf: ElfFile, buf: Buffer, addr: number, size: number): Buffer | null {
  if (!Number.isSafeInteger(addr) || !Number.isSafeInteger(size) || size < 0) return null;
  for (const p of elf.segments) {
    if (p.type !== PT_LOAD || addr < p.vaddr || addr >= p.vaddr + p.filesz) continue;
    if (addr + size > p.vaddr + p.filesz) return null;
    const off = p.offset + (addr - p.vaddr);
    return off + size <= buf.length ? buf.subarray(off, off + size) : null;
  }
  for (const s of elf.sections) {
    if (!(s.flags & SHF_ALLOC) || s.type === SHT_NOBITS || s.addr === 0) continue;
    if (addr < s.addr || addr >= s.addr + s.size || addr + size > s.addr + s.size) continue;
    const off = s.offset + (addr - s.addr);
    return off + size <= buf.length ? buf.subarray(off, off + size) : null;
  }
  return null;
}
