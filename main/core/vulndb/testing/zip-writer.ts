// Test support: a minimal zip writer (stored or deflated entries, zip64 end records past
// 65,535 entries), so tests can build OSV dumps the way OSV publishes them without a `zip`
// binary. yauzl, which the importer uses, only reads.
import fs from 'node:fs';
import zlib, { deflateRawSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(buf: Buffer): number {
  if (typeof zlib.crc32 === 'function') return zlib.crc32(buf);
  let c = 0xffffffff;
  for (let i = 0; i < buf.length; i++) c = CRC_TABLE[(c ^ buf[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface ZipEntryInput {
  name: string;
  data: Buffer | string;
  /** Write bytes that do not inflate (a damaged entry in a readable archive). */
  damaged?: boolean;
}

export interface ZipOptions {
  method?: 'store' | 'deflate';
  /** deflate level (default 6). */
  level?: number;
}

/** Writes a zip file; returns the entry count. */
export function writeZip(file: string, entries: Iterable<ZipEntryInput>, options: ZipOptions = {}): number {
  const fd = fs.openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const write = (b: Buffer) => {
    pending.push(b);
    pendingBytes += b.length;
    offset += b.length;
    if (pendingBytes > 4 << 20) flush();
  };
  const flush = () => {
    if (pending.length) fs.writeSync(fd, Buffer.concat(pending));
    pending = [];
    pendingBytes = 0;
  };
  try {
    for (const e of entries) {
      const name = Buffer.from(e.name, 'utf8');
      const data = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : e.data;
      const deflate = options.method !== 'store' || e.damaged;
      let body = deflate ? deflateRawSync(data, { level: options.level ?? 6 }) : data;
      if (e.damaged) body = Buffer.from(body.map((b, i) => (i < 8 ? 0xff : b)));
      const crc = crc32(data);
      const method = deflate ? 8 : 0;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(0x0800, 6);
      local.writeUInt16LE(method, 8);
      local.writeUInt16LE(0, 10);
      local.writeUInt16LE(0x21, 12); // 1980-01-01
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(body.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const at = offset;
      write(local);
      write(name);
      write(body);
      const cd = Buffer.alloc(46);
      cd.writeUInt32LE(0x02014b50, 0);
      cd.writeUInt16LE(0x0314, 4); // made by: unix, 2.0
      cd.writeUInt16LE(20, 6);
      cd.writeUInt16LE(0x0800, 8);
      cd.writeUInt16LE(method, 10);
      cd.writeUInt16LE(0, 12);
      cd.writeUInt16LE(0x21, 14);
      cd.writeUInt32LE(crc, 16);
      cd.writeUInt32LE(body.length, 20);
      cd.writeUInt32LE(data.length, 24);
      cd.writeUInt16LE(name.length, 28);
      cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
      cd.writeUInt32LE(at, 42);
      central.push(cd, name);
      count++;
    }
    const cdStart = offset;
    for (const b of central) write(b);
    const cdSize = offset - cdStart;
    const zip64 = count > 0xfffe;
    if (zip64) {
      const rec = Buffer.alloc(56);
      const recAt = offset;
      rec.writeUInt32LE(0x06064b50, 0);
      rec.writeBigUInt64LE(44n, 4);
      rec.writeUInt16LE(45, 12);
      rec.writeUInt16LE(45, 14);
      rec.writeUInt32LE(0, 16);
      rec.writeUInt32LE(0, 20);
      rec.writeBigUInt64LE(BigInt(count), 24);
      rec.writeBigUInt64LE(BigInt(count), 32);
      rec.writeBigUInt64LE(BigInt(cdSize), 40);
      rec.writeBigUInt64LE(BigInt(cdStart), 48);
      write(rec);
      const loc = Buffer.alloc(20);
      loc.writeUInt32LE(0x07064b50, 0);
      loc.writeUInt32LE(0, 4);
      loc.writeBigUInt64LE(BigInt(recAt), 8);
      loc.writeUInt32LE(1, 16);
      write(loc);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(zip64 ? 0xffff : count, 8);
    end.writeUInt16LE(zip64 ? 0xffff : count, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(cdStart, 16);
    write(end);
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return count;
}
