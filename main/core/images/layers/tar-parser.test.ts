import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TarParser, type TarEntry } from './tar-parser';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-tar-parser-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

interface Parsed extends TarEntry {
  content: string;
}

/** Parse `bytes` pushed in pieces of `piece` bytes (the whole at once by default), each piece overwritten once pushed, as a reader reusing its buffer does. */
function parse(bytes: Buffer, piece = bytes.length): Parsed[] {
  const out: Parsed[] = [];
  let current: Parsed | null = null;
  const chunks: Buffer[] = [];
  const parser = new TarParser({
    entry: (e) => {
      current = { ...e, content: '' };
      chunks.length = 0;
    },
    data: (c) => chunks.push(Buffer.from(c)),
    end: () => {
      current!.content = Buffer.concat(chunks).toString('latin1');
      out.push(current!);
    },
  });
  for (let at = 0; at < bytes.length; at += piece) {
    const reused = Buffer.from(bytes.subarray(at, at + piece));
    parser.push(reused);
    reused.fill(0xee);
  }
  parser.end();
  return out;
}

/** A tree with a long path, a long symlink target, a hardlink, an empty file and a 70 KiB file, written by GNU tar in `format` (ustar: names that fit its prefix field). */
function gnuTar(format: string): Buffer {
  const root = fs.mkdtempSync(path.join(scratch, `${format}-`));
  const ustar = format === 'ustar';
  const deep = path.join(root, 'tree', 'd'.repeat(ustar ? 60 : 90), 'e'.repeat(ustar ? 60 : 90));
  fs.mkdirSync(deep, { recursive: true });
  const long = path.join(deep, `${'f'.repeat(ustar ? 90 : 120)}.txt`);
  fs.writeFileSync(long, 'long name\n');
  fs.writeFileSync(path.join(root, 'tree', 'big'), Buffer.alloc(70 * 1024, 0x61));
  fs.writeFileSync(path.join(root, 'tree', 'empty'), '');
  fs.symlinkSync(ustar ? 'big' : path.relative(path.join(root, 'tree'), long), path.join(root, 'tree', 'to-long'));
  fs.linkSync(path.join(root, 'tree', 'big'), path.join(root, 'tree', 'big-again'));
  return execFileSync('tar', ['-c', `--format=${format}`, '--sort=name', '--owner=0', '--group=0', '-C', root, 'tree']);
}

describe('TarParser', () => {
  // GNU tar is the oracle: each format stores long names its own way (pax records, GNU 'L'/'K'
  // entries, the ustar prefix field); every one must read back as what `tar -t` lists.
  for (const format of ['gnu', 'posix', 'oldgnu', 'ustar']) {
    it(`reads GNU tar's ${format} format as tar itself lists it, whatever the chunk boundaries`, () => {
      const bytes = gnuTar(format);
      const listed = execFileSync('tar', ['-t'], { input: bytes }).toString().trim().split('\n');
      const whole = parse(bytes);
      expect(whole.map((e) => e.name)).toEqual(listed);
      const long = whole.find((e) => e.name.endsWith('.txt'))!;
      expect(long).toMatchObject({ type: 'file', content: 'long name\n', size: 10 });
      expect(whole.find((e) => e.name === 'tree/big')).toMatchObject({ type: 'file', size: 70 * 1024, content: 'a'.repeat(70 * 1024) });
      expect(whole.find((e) => e.name === 'tree/big-again')).toMatchObject({ type: 'link', linkname: 'tree/big', size: 0 });
      expect(whole.find((e) => e.name === 'tree/empty')).toMatchObject({ type: 'file', size: 0, content: '' });
      expect(whole.find((e) => e.name === 'tree/to-long')).toMatchObject({ type: 'symlink', linkname: format === 'ustar' ? 'big' : expect.stringMatching(/^d{90}\/e{90}\/f{120}\.txt$/) });
      expect(whole.find((e) => e.name === 'tree/')).toMatchObject({ type: 'directory' });
      for (const piece of [1, 7, 511, 513, 4096]) expect(parse(bytes, piece)).toEqual(whole);
    });
  }

  it('stops at the end-of-archive marker, as Docker does, and ignores what follows', () => {
    const bytes = Buffer.concat([gnuTar('gnu'), Buffer.from('trailing garbage after the two zero blocks')]);
    expect(parse(bytes).length).toBeGreaterThan(3);
  });

  it('refuses a damaged header, a header after one zero block, and content cut short, saying where', () => {
    const bytes = gnuTar('gnu');
    const damaged = Buffer.from(bytes);
    damaged[522] = damaged[522]! ^ 0xff; // inside the second header's name ('tree/' has no content)
    expect(() => parse(damaged)).toThrow(/damaged tar header at byte 512 \(its checksum does not add up\)/);
    const afterZero = Buffer.concat([Buffer.alloc(512), bytes]);
    expect(() => parse(afterZero)).toThrow('a header follows an end-of-archive block at byte 512');
    const big = bytes.indexOf(Buffer.from('a'.repeat(512)));
    expect(() => parse(bytes.subarray(0, big + 1000))).toThrow(/the tar ends in the middle of "tree\/big": \d+ bytes of its content are missing/);
    expect(() => parse(bytes.subarray(0, 700))).toThrow(/ends in the middle of a header|missing/);
  });

  it('reads base-256 sizes, and gives link, symlink and directory headers no content whatever their size field says', () => {
    const header = (name: string, flag: string, size: Buffer | string): Buffer => {
      const block = Buffer.alloc(512);
      block.write(name, 0);
      block.write('0000644\0', 100);
      block.write('0000000\0', 108);
      block.write('0000000\0', 116);
      if (typeof size === 'string') block.write(size, 124);
      else size.copy(block, 124);
      block.write('00000000000\0', 136);
      block.write(flag, 156);
      block.write('ustar\x0000', 257);
      block.fill(0x20, 148, 156);
      let sum = 0;
      for (const b of block) sum += b;
      block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
      return block;
    };
    const base256 = Buffer.alloc(12);
    base256[0] = 0x80;
    base256[11] = 5;
    const bytes = Buffer.concat([
      header('dir/', '5', '00000001000\0'), // claims 512 bytes: Go's archive/tar reads none
      header('five', '0', base256),
      Buffer.from('12345'.padEnd(512, '\0')),
      Buffer.alloc(1024),
    ]);
    expect(parse(bytes)).toEqual([
      expect.objectContaining({ name: 'dir/', type: 'directory', size: 0 }),
      expect.objectContaining({ name: 'five', type: 'file', size: 5, content: '12345', mode: 0o644 }),
    ]);
  });
});
