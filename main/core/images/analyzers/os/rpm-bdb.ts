// rpm's Berkeley DB backend (var/lib/rpm/Packages: RHEL/CentOS ≤ 8, Amazon Linux 2, older SUSE):
// a BDB *hash* database, read by hand (Berkeley DB's db_page.h / hash.h layouts):
//   page 0, the hash metadata: magic 0x061561 (its byte order gives the file's), page size,
//     last page number, max_bucket, and spares[] that map buckets to pages;
//   bucket pages (P_HASH): a 26-byte page header, then `entries` 2-byte item offsets; items come
//     in key/data pairs; a data item is H_KEYDATA (on the page) or H_OFFPAGE (page number and
//     total length of an overflow chain);
//   overflow pages (P_OVERFLOW): the header's hf_offset is how many data bytes follow it;
//     next_pgno links the chain.
// The keys are rpm's header instance numbers; the values are header blobs (record 0 is a counter).
import type { BlobRead } from './rpm-sqlite';

const HASH_MAGIC = 0x061561;
const BTREE_MAGIC = 0x053162;
const P_HASH_UNSORTED = 2;
const P_OVERFLOW = 7;
const P_HASHMETA = 8;
const P_HASH = 13;
const H_KEYDATA = 1;
const H_OFFPAGE = 3;
const PAGE_HEADER = 26;
const DBMETA_CHKSUM = 0x01;

export function bdbMagic(content: Buffer): { magic: number; littleEndian: boolean } | null {
  if (content.length < 512) return null;
  for (const littleEndian of [true, false]) {
    const magic = littleEndian ? content.readUInt32LE(12) : content.readUInt32BE(12);
    if (magic === HASH_MAGIC || magic === BTREE_MAGIC) return { magic, littleEndian };
  }
  return null;
}

export function isBerkeleyDb(content: Buffer): boolean {
  return bdbMagic(content) !== null;
}

/** Smallest i with 2^i ≥ n (Berkeley DB's __db_log2). */
function log2(n: number): number {
  let i = 0;
  for (let limit = 1; limit < n; limit *= 2) i++;
  return i;
}

/** rpm keeps a counter under key 0 (four zero bytes), not a header. */
function isCounterKey(p: Buffer, offset: number, end: number): boolean {
  if (offset >= p.length || p[offset] !== H_KEYDATA || end - offset !== 5) return false;
  return p[offset + 1] === 0 && p[offset + 2] === 0 && p[offset + 3] === 0 && p[offset + 4] === 0;
}

export function readBdbBlobs(content: Buffer): BlobRead {
  const blobs: Buffer[] = [];
  const problems: string[] = [];
  const id = bdbMagic(content);
  if (!id) return { blobs, problems: ['not a Berkeley DB file'] };
  if (id.magic !== HASH_MAGIC) return { blobs, problems: ['a Berkeley DB btree, not the hash database rpm uses for Packages'] };
  const le = id.littleEndian;
  const u32 = (b: Buffer, at: number) => (le ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const u16 = (b: Buffer, at: number) => (le ? b.readUInt16LE(at) : b.readUInt16BE(at));

  const pageSize = u32(content, 20);
  const encrypted = content[24] !== 0;
  const metaType = content[25] as number;
  const metaFlags = content[26] as number;
  const lastPage = u32(content, 32);
  const maxBucket = u32(content, 72);
  if (metaType !== P_HASHMETA) return { blobs, problems: [`page 0 has type ${metaType}, not hash metadata`] };
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) return { blobs, problems: [`page size ${pageSize} is invalid`] };
  if (encrypted) return { blobs, problems: ['the database is encrypted'] };
  if (metaFlags & DBMETA_CHKSUM) return { blobs, problems: ['the database has page checksums, which this reader does not support'] };
  const pagesInFile = Math.floor(content.length / pageSize);
  if (lastPage + 1 > pagesInFile) problems.push(`the file holds ${pagesInFile} of its ${lastPage + 1} pages (truncated)`);
  if (maxBucket > lastPage) return { blobs, problems: [...problems, `max_bucket ${maxBucket} exceeds the last page ${lastPage}`] };

  const page = (pgno: number): Buffer | null => {
    if (pgno <= 0 || pgno >= pagesInFile || pgno > lastPage) return null;
    return content.subarray(pgno * pageSize, (pgno + 1) * pageSize);
  };
  const pageType = (p: Buffer) => p[25] as number;
  const nextPage = (p: Buffer) => u32(p, 16);

  const usedOverflow = new Set<number>();
  const overflow = (first: number, total: number): Buffer | string => {
    const parts: Buffer[] = [];
    let have = 0;
    let pgno = first;
    while (have < total) {
      if (pgno === 0) return `overflow chain from page ${first} ends after ${have} of ${total} bytes`;
      // Each overflow page belongs to one item: this stops loops, and crafted files whose items
      // all share one long chain (reading would cost far more than the file's size).
      if (usedOverflow.has(pgno)) return `overflow chain from page ${first} reuses page ${pgno}`;
      usedOverflow.add(pgno);
      const p = page(pgno);
      if (!p) return `overflow page ${pgno} is beyond the end of the file`;
      if (pageType(p) !== P_OVERFLOW) return `page ${pgno} in an overflow chain has type ${pageType(p)}`;
      const used = u16(p, 22);
      if (PAGE_HEADER + used > pageSize) return `overflow page ${pgno} claims ${used} bytes`;
      const take = Math.min(used, total - have);
      parts.push(p.subarray(PAGE_HEADER, PAGE_HEADER + take));
      have += take;
      pgno = nextPage(p);
    }
    return Buffer.concat(parts, total);
  };

  const visited = new Set<number>();
  let badPages = 0;
  let skippedItems = 0;
  // Bucket b lives on page b + spares[…] ≥ b, so buckets at or past the file's end have no page.
  const lastBucket = Math.min(maxBucket, pagesInFile - 1);
  if (lastBucket < maxBucket) badPages += maxBucket - lastBucket;
  for (let bucket = 0; bucket <= lastBucket; bucket++) {
    const spare = u32(content, 96 + 4 * log2(bucket + 1));
    let pgno = bucket + spare;
    // A bucket is a chain of hash pages linked by next_pgno.
    while (pgno !== 0) {
      if (visited.has(pgno)) break;
      visited.add(pgno);
      const p = page(pgno);
      if (!p) {
        badPages++;
        break;
      }
      const type = pageType(p);
      if (type !== P_HASH && type !== P_HASH_UNSORTED) {
        badPages++;
        break;
      }
      const entries = u16(p, 20);
      if (PAGE_HEADER + entries * 2 > pageSize) {
        badPages++;
        break;
      }
      // Items are key/data pairs: the data item is every second one.
      for (let i = 1; i < entries; i += 2) {
        const offset = u16(p, PAGE_HEADER + i * 2);
        const itemEnd = u16(p, PAGE_HEADER + (i - 1) * 2); // items grow down from the page end
        if (offset < PAGE_HEADER + entries * 2 || offset >= pageSize || itemEnd > pageSize || itemEnd <= offset) {
          skippedItems++;
          continue;
        }
        if (isCounterKey(p, u16(p, PAGE_HEADER + (i - 1) * 2), i === 1 ? pageSize : u16(p, PAGE_HEADER + (i - 2) * 2))) continue;
        const kind = p[offset] as number;
        if (kind === H_KEYDATA) {
          blobs.push(Buffer.from(p.subarray(offset + 1, itemEnd)));
        } else if (kind === H_OFFPAGE) {
          if (offset + 12 > pageSize) {
            skippedItems++;
            continue;
          }
          const first = u32(p, offset + 4);
          const total = u32(p, offset + 8);
          if (total > content.length) {
            problems.push(`an item on page ${pgno} claims ${total} bytes`);
            continue;
          }
          const value = overflow(first, total);
          if (typeof value === 'string') problems.push(value);
          else blobs.push(value);
        } else {
          skippedItems++; // H_DUPLICATE / H_OFFDUP (rpm never stores duplicates) or garbage
        }
      }
      pgno = nextPage(p);
    }
  }
  if (badPages) problems.push(`${badPages} bucket page(s) missing or not hash pages`);
  if (skippedItems) problems.push(`${skippedItems} item(s) that are not rpm headers skipped`);
  return { blobs, problems };
}
