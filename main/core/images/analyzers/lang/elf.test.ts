// The ELF reader against readelf (binutils) on this machine's programs and on objects objcopy
// writes in every class and byte order.
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ElfError, parseElf, readVirtual } from './elf';
import { gate, hasCommand, run, runOrThrow } from './testing';

const READELF = hasCommand('readelf') && hasCommand('objcopy');
const mode = gate(READELF);
if (mode === 'skip') console.warn('skipping ELF oracle tests: readelf/objcopy (binutils) not found');
if (mode === 'fail') it('binutils is installed', () => expect.fail('readelf/objcopy not found and CI is set'));

function readelfSections(file: string): Array<[string, number, number, number]> {
  const out = run('readelf', ['-SW', file]) ?? '';
  const rows: Array<[string, number, number, number]> = [];
  for (const line of out.split('\n')) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(line);
    if (!m || m[1] === '0') continue;
    rows.push([m[2] as string, parseInt(m[3] as string, 16), parseInt(m[4] as string, 16), parseInt(m[5] as string, 16)]);
  }
  return rows;
}

function readelfLoads(file: string): Array<[number, number, number]> {
  const out = run('readelf', ['-lW', file]) ?? '';
  const rows: Array<[number, number, number]> = [];
  for (const line of out.split('\n')) {
    const m = /^\s*LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s/.exec(line);
    if (m) rows.push([parseInt(m[1] as string, 16), parseInt(m[2] as string, 16), parseInt(m[3] as string, 16)]);
  }
  return rows;
}

describe.runIf(mode === 'run')('parseElf against readelf', () => {
  const programs = ['/bin/true', '/bin/ls', '/usr/bin/objcopy', '/usr/bin/go', '/usr/bin/python3']
    .filter((f) => existsSync(f))
    .map((f) => realpathSync(f));

  for (const file of programs) {
    it(`${file}: sections and PT_LOAD segments`, () => {
      const buf = readFileSync(file);
      const elf = parseElf(buf);
      expect(elf.sections.slice(1).map((s) => [s.name, s.addr, s.offset, s.size])).toEqual(readelfSections(file));
      expect(elf.segments.filter((p) => p.type === 1).map((p) => [p.offset, p.vaddr, p.filesz])).toEqual(readelfLoads(file));
      // A virtual read of the start of .text gives the bytes at its file offset.
      const text = elf.sections.find((s) => s.name === '.text');
      if (text) expect(readVirtual(elf, buf, text.addr, 16)?.equals(buf.subarray(text.offset, text.offset + 16))).toBe(true);
    });
  }

  it('objects in every class and byte order', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-elf-'));
    try {
      writeFileSync(path.join(dir, 'payload'), Buffer.from('payload bytes'));
      for (const target of ['elf32-big', 'elf32-little', 'elf64-big', 'elf64-little']) {
        const file = path.join(dir, `${target}.o`);
        runOrThrow('objcopy', ['-I', 'binary', '-O', target, '--rename-section', '.data=.payload', 'payload', file], { cwd: dir });
        const buf = readFileSync(file);
        const elf = parseElf(buf);
        expect(elf.bits).toBe(target.startsWith('elf64') ? 64 : 32);
        expect(elf.littleEndian).toBe(target.endsWith('little'));
        expect(elf.sections.slice(1).map((s) => [s.name, s.addr, s.offset, s.size])).toEqual(readelfSections(file));
        const s = elf.sections.find((x) => x.name === '.payload');
        expect(buf.toString('utf8', s?.offset, (s?.offset ?? 0) + (s?.size ?? 0))).toBe('payload bytes');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('malformed ELF', () => {
  it('throws ElfError (never a RangeError) for truncations of a real program', () => {
    const whole = readFileSync(realpathSync('/bin/true'));
    for (const cut of [4, 16, 51, 63, 64, 200, whole.length - 10]) {
      try {
        parseElf(whole.subarray(0, cut));
      } catch (err) {
        expect(err).toBeInstanceOf(ElfError);
      }
    }
  });

  it('rejects absurd header tables', () => {
    const b = Buffer.alloc(128);
    b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
    b.writeBigUInt64LE(0xffffffffffffn, 40); // shoff beyond the file
    b.writeUInt16LE(64, 58);
    b.writeUInt16LE(5, 60);
    expect(() => parseElf(b)).toThrow(ElfError);
    b.writeBigUInt64LE(0xffffffffffffffffn, 40); // beyond 2^53
    expect(() => parseElf(b)).toThrow(ElfError);
    b[4] = 9;
    expect(() => parseElf(b)).toThrow(/class/);
  });
});
