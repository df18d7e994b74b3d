// rpm's NDB backend (Packages.db, SUSE since SLE 15 SP3 / openSUSE), per rpm's
// lib/backend/ndb/rpmpkg.c. Little-endian throughout:
//   file header (32 bytes = the first two slots): "RpmP", version 0, generation, slot pages, next index
//   slots (16 bytes each, over `slot pages` × 4096 bytes): "Slot", package index, block offset, block count
//   blob at block offset × 16: "BlbS", package index, generation, length, <header blob>, …,
//   and at the end of its blocks the tail: adler32, length, "BlbE".
import type { BlobRead } from './rpm-sqlite';

const PKGDB_MAGIC = 0x506d7052; // 'RpmP'
const SLOT_MAGIC = 0x746f6c53; // 'Slot'
const BLOBHEAD_MAGIC = 0x53626c42; // 'BlbS'
const BLOBTAIL_MAGIC = 0x45626c42; // 'BlbE'
const PAGE_SIZE = 4096;
const SLOT_SIZE = 16;
const BLK_SIZE = 16;
const BLOBHEAD_SIZE = 16;
const BLOBTAIL_SIZE = 12;
const HEADER_SLOTS = 2;

export function isNdb(content: Buffer): boolean {
  return content.length >= 32 && content.readUInt32LE(0) === PKGDB_MAGIC;
}

export function readNdbBlobs(content: Buffer): BlobRead {
  const blobs: Buffer[] = [];
  const problems: string[] = [];
  if (!isNdb(content)) return { blobs, problems: ['not an rpm NDB database (no RpmP magic)'] };
  const version = content.readUInt32LE(4);
  if (version !== 0) return { blobs, problems: [`NDB version ${version} is not supported`] };
  const slotPages = content.readUInt32LE(12);
  const slotBytes = slotPages * PAGE_SIZE;
  if (slotPages === 0 || slotBytes > content.length) {
    return { blobs, problems: [`NDB header says ${slotPages} slot page(s) but the file has ${content.length} bytes (truncated?)`] };
  }

  const found: Array<{ pkgIdx: number; start: number; end: number; blob: Buffer }> = [];
  let badSlots = 0;
  for (let at = HEADER_SLOTS * SLOT_SIZE; at + SLOT_SIZE <= slotBytes; at += SLOT_SIZE) {
    if (content.readUInt32LE(at) !== SLOT_MAGIC) {
      badSlots++;
      continue;
    }
    const pkgIdx = content.readUInt32LE(at + 4);
    const blkOff = content.readUInt32LE(at + 8);
    const blkCnt = content.readUInt32LE(at + 12);
    if (pkgIdx === 0) continue; // a free slot
    const start = blkOff * BLK_SIZE;
    const end = start + blkCnt * BLK_SIZE;
    if (start < slotBytes || end > content.length || blkCnt * BLK_SIZE < BLOBHEAD_SIZE + BLOBTAIL_SIZE) {
      problems.push(`package ${pkgIdx}: blob at block ${blkOff} (+${blkCnt}) lies outside the file (truncated?)`);
      continue;
    }
    if (content.readUInt32LE(start) !== BLOBHEAD_MAGIC || content.readUInt32LE(start + 4) !== pkgIdx) {
      problems.push(`package ${pkgIdx}: no blob header at block ${blkOff}`);
      continue;
    }
    const length = content.readUInt32LE(start + 12);
    if (BLOBHEAD_SIZE + length + BLOBTAIL_SIZE > end - start) {
      problems.push(`package ${pkgIdx}: blob length ${length} exceeds its ${blkCnt} blocks`);
      continue;
    }
    const tail = end - BLOBTAIL_SIZE;
    if (content.readUInt32LE(tail + 8) !== BLOBTAIL_MAGIC || content.readUInt32LE(tail + 4) !== length) {
      problems.push(`package ${pkgIdx}: blob tail is damaged`);
      continue;
    }
    found.push({ pkgIdx, start, end, blob: content.subarray(start + BLOBHEAD_SIZE, start + BLOBHEAD_SIZE + length) });
  }
  if (badSlots) problems.push(`${badSlots} slot(s) without the Slot magic`);
  // Blobs never share blocks in a sound database; overlapping ones (a crafted file pointing many
  // slots at one large blob) are dropped, so reading costs no more than the file's size.
  found.sort((a, b) => a.start - b.start);
  let end = 0;
  let overlapping = 0;
  const sound = found.filter((f) => {
    if (f.start < end) {
      overlapping++;
      return false;
    }
    end = f.end;
    return true;
  });
  if (overlapping) problems.push(`${overlapping} slot(s) point into another package's blocks`);
  // rpm lists packages in package-index order (the order they were installed in).
  sound.sort((a, b) => a.pkgIdx - b.pkgIdx);
  for (const f of sound) blobs.push(f.blob);
  return { blobs, problems };
}
