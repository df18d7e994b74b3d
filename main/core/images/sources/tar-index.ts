// The table of contents of an uncompressed tar file on disk, read header by header with seeks
// over the content, so a docker-save or OCI archive's layers can be read (or skipped) by offset.
import type { FileHandle } from 'node:fs/promises';
import { RpcError } from '../../../../shared/contracts/errors';
import { limitExceeded, type ArchiveLimits, type LimitContext } from '../layers/archive-limits';
import { normaliseEntryPath } from '../layers/tar-path';

export interface TarIndexEntry {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link' | 'other';
  size: number;
  /** Where the content starts in the file. */
  offset: number;
}

const BLOCK = 512;

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function readString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

function readNumber(block: Buffer, start: number, length: number): number {
  if (block[start]! & 0x80) {
    // base-256 (GNU) for sizes over 8 GiB
    let value = 0;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const text = readString(block, start, length).trim();
  return text ? parseInt(text, 8) : 0;
}

/** A valid ustar/gnu/v7 header block: its checksum adds up. */
export function isTarHeader(block: Buffer): boolean {
  if (block.length < BLOCK || isZeroBlock(block)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
  return sum === readNumber(block, 148, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const length = parseInt(data.toString('utf8', pos, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = data.toString('utf8', space + 1, pos + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}

export async function indexTarFile(file: FileHandle, fileSize: number, limits: ArchiveLimits, context: LimitContext): Promise<TarIndexEntry[]> {
  const entries: TarIndexEntry[] = [];
  const block = Buffer.alloc(BLOCK);
  let position = 0;
  let longName: string | null = null;
  let pax: Record<string, string> | null = null;
  let count = 0;
  const readData = async (at: number, size: number): Promise<Buffer> => {
    if (size > 1024 * 1024) throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: a tar extension header of ${size} bytes is too large`);
    const data = Buffer.alloc(size);
    await file.read(data, 0, size, at);
    return data;
  };
  while (position + BLOCK <= fileSize) {
    const { bytesRead } = await file.read(block, 0, BLOCK, position);
    if (bytesRead < BLOCK) break;
    if (isZeroBlock(block)) break;
    if (!isTarHeader(block)) throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: not a tar archive, or a damaged one (bad header at byte ${position})`);
    count += 1;
    if (count > limits.maxEntries) throw limitExceeded(context, 'maxEntries', count, limits.maxEntries, 'number of entries');
    const flag = String.fromCharCode(block[156] || 0x30);
    let size = readNumber(block, 124, 12);
    const dataOffset = position + BLOCK;
    const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    if (flag === 'L' || flag === 'x' || flag === 'g' || flag === 'K') {
      const data = await readData(dataOffset, size);
      if (flag === 'L') longName = readString(data, 0, data.length);
      else if (flag === 'x') pax = parsePax(data);
      position = next;
      continue;
    }
    let name = readString(block, 0, 100);
    if (block.toString('latin1', 257, 262) === 'ustar') {
      const prefix = readString(block, 345, 155);
      if (prefix) name = `${prefix}/${name}`;
    }
    if (longName !== null) name = longName;
    if (pax?.path) name = pax.path;
    if (pax?.size) size = parseInt(pax.size, 10);
    longName = null;
    pax = null;
    const end = dataOffset + size;
    if (end > fileSize) throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: the archive is truncated (${name} needs ${size} bytes)`);
    const type = flag === '0' || flag === '7' ? (name.endsWith('/') ? 'directory' : 'file') : flag === '5' ? 'directory' : flag === '2' ? 'symlink' : flag === '1' ? 'link' : 'other';
    const normalised = normaliseEntryPath(name);
    if (normalised.ok && normalised.path) entries.push({ name: normalised.path, type, size, offset: dataOffset });
    position = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
