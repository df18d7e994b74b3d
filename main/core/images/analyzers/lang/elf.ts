// A bounds-checked reader for ELF headers (System V gABI): section headers with names, program
// headers, and virtual-address reads through PT_LOAD segments. 32- and 64-bit, either byte
// order. Every offset is checked against the buffer; a malformed file throws ElfError.

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

class Reader {
  constructor(
    private readonly buf: Buffer,
    readonly bits: 32 | 64,
    readonly le: boolean,
  ) {}

  private check(off: number, len: number): void {
    if (!Number.isSafeInteger(off) || off < 0 || off + len > this.buf.length) {
      throw new ElfError(`ELF header field out of bounds at ${off}`);
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
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`ELF value too large at ${off}`);
    return Number(v);
  }

  /** An address/offset/size-class field (Elf32_Addr or Elf64_Addr). */
  word(off: number): number {
    return this.bits === 64 ? this.u64(off) : this.u32(off);
  }
}

export function parseElf(buf: Buffer): ElfFile {
  if (!isElf(buf) || buf.length < 52) throw new ElfError('not an ELF file');
  const cls = buf[4];
  const data = buf[5];
  if (cls !== 1 && cls !== 2) throw new ElfError(`bad ELF class ${cls}`);
  if (data !== 1 && data !== 2) throw new ElfError(`bad ELF data encoding ${data}`);
  const bits = cls === 2 ? 64 : 32;
  const r = new Reader(buf, bits, data === 1);
  const type = r.u16(16);
  const machine = r.u16(18);
  let phoff: number, shoff: number, phentsize: number, phnum: number, shentsize: number, shnum: number, shstrndx: number;
  if (bits === 64) {
    if (buf.length < 64) throw new ElfError('truncated ELF header');
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

  const segments: ElfSegment[] = [];
  if (phoff !== 0 && phnum > 0) {
    if (phentsize < phMin) throw new ElfError(`bad program header size ${phentsize}`);
    for (let i = 0; i < phnum; i++) {
      const o = phoff + i * phentsize;
      if (bits === 64) {
        segments.push({
          type: r.u32(o),
          flags: r.u32(o + 4),
          offset: r.u64(o + 8),
          vaddr: r.u64(o + 16),
          filesz: r.u64(o + 32),
          memsz: r.u64(o + 40),
        });
      } else {
        segments.push({
          type: r.u32(o),
          offset: r.u32(o + 4),
          vaddr: r.u32(o + 8),
          filesz: r.u32(o + 16),
          memsz: r.u32(o + 20),
          flags: r.u32(o + 24),
        });
      }
    }
  }

  const sections: ElfSection[] = [];
  if (shoff !== 0) {
    if (shentsize < shMin) throw new ElfError(`bad section header size ${shentsize}`);
    const readSection = (i: number) => {
      const o = shoff + i * shentsize;
      if (bits === 64) {
        return {
          nameOff: r.u32(o),
          type: r.u32(o + 4),
          flags: r.u64(o + 8),
          addr: r.u64(o + 16),
          offset: r.u64(o + 24),
          size: r.u64(o + 32),
          link: r.u32(o + 40),
        };
      }
      return {
        nameOff: r.u32(o),
        type: r.u32(o + 4),
        flags: r.u32(o + 8),
        addr: r.u32(o + 12),
        offset: r.u32(o + 16),
        size: r.u32(o + 20),
        link: r.u32(o + 24),
      };
    };
    // Extended numbering: with 0 (or SHN_XINDEX) in the header, section 0 holds the real values.
    if (shnum === 0 || shstrndx === SHN_XINDEX) {
      const first = readSection(0);
      if (shnum === 0) shnum = first.size;
      if (shstrndx === SHN_XINDEX) shstrndx = first.link;
    }
    if (shnum > MAX_HEADERS || shoff + shnum * shentsize > buf.length) {
      throw new ElfError(`section header table out of bounds (${shnum} entries at ${shoff})`);
    }
    const raw = [];
    for (let i = 0; i < shnum; i++) raw.push(readSection(i));
    const strtab = raw[shstrndx];
    const strStart = strtab && strtab.type !== SHT_NOBITS ? strtab.offset : -1;
    const strEnd = strtab ? Math.min(buf.length, strtab.offset + strtab.size) : -1;
    for (const s of raw) {
      let name = '';
      if (strStart >= 0 && strStart + s.nameOff < strEnd) {
        const from = strStart + s.nameOff;
        let to = buf.indexOf(0, from);
        if (to < 0 || to > strEnd) to = strEnd;
        name = buf.toString('latin1', from, Math.min(to, from + 256));
      }
      sections.push({ name, type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size });
    }
  }
  return { bits, littleEndian: data === 1, type, machine, sections, segments };
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
