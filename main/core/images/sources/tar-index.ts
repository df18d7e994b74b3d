// The table of contents of an uncompressed tar file on disk, read header by header with seeks
// over the content, so a docker-save or OCI archive's layers can be read (or skipped) by offset.
import type { FileHandle } from 'node:fs/promises';
import { RpcError } from '../../../../shared/contracts/errors';
import { limitExceeded, type ArchiveLimits, type LimitContext } from '../layers/archive-limits';
import { addExtension, decodeHeader, entryTypeOf, extendedEntry, isExtensionFlag, isTarHeader, isZeroBlock, MAX_EXTENSION_BYTES, noExtensions, TAR_BLOCK as BLOCK, type TarEntryType } from '../layers/tar-header';
import { normaliseEntryPath } from '../layers/tar-path';

export interface TarIndexEntry {
  name: string;
  type: TarEntryType;
  size: number;
  /** Where the content starts in the file. */
  offset: number;
}

export async function indexTarFile(file: FileHandle, fileSize: number, limits: ArchiveLimits, context: LimitContext): Promise<TarIndexEntry[]> {
  const entries: TarIndexEntry[] = [];
  const block = Buffer.alloc(BLOCK);
  let position = 0;
  let pending = noExtensions();
  let count = 0;
  const readData = async (at: number, size: number): Promise<Buffer> => {
    if (size > MAX_EXTENSION_BYTES) throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: a tar extension header of ${size} bytes is too large`);
    const data = Buffer.alloc(size);
    await file.read(data, 0, size, at);
    return data;
  };
  while (position + BLOCK <= fileSize) {
    const { bytesRead } = await file.read(block, 0, BLOCK, position);
    if (bytesRead < BLOCK) break;
    if (isZeroBlock(block)) break;
    const raw = isTarHeader(block) ? decodeHeader(block) : null;
    if (!raw) throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: not a tar archive, or a damaged one (bad header at byte ${position})`);
    count += 1;
    if (count > limits.maxEntries) throw limitExceeded(context, 'maxEntries', count, limits.maxEntries, 'number of entries');
    const flag = raw.flag;
    let size = raw.size;
    const dataOffset = position + BLOCK;
    const next = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
    if (isExtensionFlag(flag)) {
      addExtension(pending, flag, await readData(dataOffset, size));
      position = next;
      continue;
    }
    let name: string;
    try {
      ({ name, size } = extendedEntry(raw, pending));
    } catch (error) {
      throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: ${(error as Error).message} (header at byte ${position})`);
    }
    pending = noExtensions();
    const end = dataOffset + size;
    if (end > fileSize) throw new RpcError('invalid_input', `Image ${context.image}, ${context.where}: the archive is truncated (${name} needs ${size} bytes)`);
    const type = entryTypeOf(flag, name);
    const normalised = normaliseEntryPath(name);
    if (normalised.ok && normalised.path) entries.push({ name: normalised.path, type, size, offset: dataOffset });
    position = dataOffset + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
