// One rpm header blob as the rpm databases store it (all three backends hold the same thing):
// big-endian il (index entry count) and dl (data length), il 16-byte index entries
// (tag, type, offset, count), then the dl-byte data store. Layout per rpm's lib/header.c and
// the RPM file format (https://rpm-software-management.github.io/rpm/manual/format.html).
// Every offset and count is checked against the blob; a bad blob gives an error, never a throw.

export const RPMTAG = {
  SIGMD5: 261,
  NAME: 1000,
  VERSION: 1001,
  RELEASE: 1002,
  EPOCH: 1003,
  SIZE: 1009,
  VENDOR: 1011,
  LICENSE: 1014,
  ARCH: 1022,
  OLDFILENAMES: 1027,
  SOURCERPM: 1044,
  DIRINDEXES: 1116,
  BASENAMES: 1117,
  DIRNAMES: 1118,
  MODULARITYLABEL: 5096,
} as const;

const TYPE = { NULL: 0, CHAR: 1, INT8: 2, INT16: 3, INT32: 4, INT64: 5, STRING: 6, BIN: 7, STRING_ARRAY: 8, I18NSTRING: 9 } as const;

/** rpm's own limits (HEADER_TAGS_MAX, HEADER_DATA_MAX). */
const MAX_ENTRIES = 0xffff;
const MAX_DATA = 0x0fffffff;

const WANTED = new Set<number>(Object.values(RPMTAG));

export interface RpmHeader {
  name: string;
  version: string;
  release: string;
  /** null when the package has no EPOCH tag (most do not). */
  epoch: number | null;
  arch: string | null;
  sourceRpm: string | null;
  license: string | null;
  vendor: string | null;
  size: number | null;
  /** Hex of SIGMD5 (the package's header+payload digest), when present. */
  sigMd5: string | null;
  modularityLabel: string | null;
  /** Installed paths, absolute as rpm stores them ("/usr/bin/curl"). */
  files: string[];
}

interface Entry {
  type: number;
  offset: number;
  count: number;
}

export class RpmHeaderError extends Error {}

export function parseRpmHeader(blob: Uint8Array): RpmHeader {
  if (blob.length < 8) throw new RpmHeaderError(`header blob of ${blob.length} bytes is too short`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getUint32(0);
  const dl = view.getUint32(4);
  if (il === 0 || il > MAX_ENTRIES) throw new RpmHeaderError(`header has ${il} index entries`);
  if (dl > MAX_DATA) throw new RpmHeaderError(`header data length ${dl} is too large`);
  const storeStart = 8 + il * 16;
  if (storeStart + dl > blob.length) throw new RpmHeaderError(`header needs ${storeStart + dl} bytes, blob has ${blob.length}`);
  const store = blob.subarray(storeStart, storeStart + dl);

  const entries = new Map<number, Entry>();
  for (let i = 0; i < il; i++) {
    const at = 8 + i * 16;
    const tag = view.getUint32(at);
    const type = view.getUint32(at + 4);
    const offset = view.getInt32(at + 8);
    const count = view.getUint32(at + 12);
    if (type > TYPE.I18NSTRING) throw new RpmHeaderError(`index entry ${i} (tag ${tag}) has unknown type ${type}`);
    if (!WANTED.has(tag)) continue;
    if (offset < 0 || offset >= dl || count === 0 || count > dl) throw new RpmHeaderError(`index entry ${i} (tag ${tag}) points outside the data store`);
    // Entries after the immutable region ("dribbles") replace earlier ones with the same tag, as in rpm.
    entries.set(tag, { type, offset, count });
  }

  const strings = (tag: number): string[] | null => {
    const e = entries.get(tag);
    if (!e) return null;
    if (e.type !== TYPE.STRING && e.type !== TYPE.STRING_ARRAY && e.type !== TYPE.I18NSTRING) {
      throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected a string`);
    }
    const n = e.type === TYPE.STRING ? 1 : e.count;
    const out: string[] = new Array(n);
    let pos = e.offset;
    for (let i = 0; i < n; i++) {
      const nul = store.indexOf(0, pos);
      if (nul < 0) throw new RpmHeaderError(`tag ${tag}: string ${i} runs past the data store`);
      out[i] = Buffer.from(store.buffer, store.byteOffset + pos, nul - pos).toString('utf8');
      pos = nul + 1;
    }
    return out;
  };
  const string = (tag: number): string | null => strings(tag)?.[0] ?? null;
  const int32s = (tag: number): number[] | null => {
    const e = entries.get(tag);
    if (!e) return null;
    if (e.type !== TYPE.INT32) throw new RpmHeaderError(`tag ${tag} has type ${e.type}, expected INT32`);
    if (e.offset + e.count * 4 > dl) throw new RpmHeaderError(`tag ${tag}: ${e.count} integers run past the data store`);
    const sv = new DataView(store.buffer, store.byteOffset + e.offset, e.count * 4);
    const out: number[] = new Array(e.count);
    for (let i = 0; i < e.count; i++) out[i] = sv.getUint32(i * 4);
    return out;
  };
  const bytes = (tag: number): Uint8Array | null => {
    const e = entries.get(tag);
    if (!e) return null;
    if (e.type !== TYPE.BIN) return null;
    if (e.offset + e.count > dl) throw new RpmHeaderError(`tag ${tag}: ${e.count} bytes run past the data store`);
    return store.subarray(e.offset, e.offset + e.count);
  };

  const name = string(RPMTAG.NAME);
  const version = string(RPMTAG.VERSION);
  const release = string(RPMTAG.RELEASE);
  if (!name || version === null || release === null) throw new RpmHeaderError('header has no NAME, VERSION or RELEASE');

  const sigMd5 = bytes(RPMTAG.SIGMD5);
  return {
    name,
    version,
    release,
    epoch: int32s(RPMTAG.EPOCH)?.[0] ?? null,
    arch: string(RPMTAG.ARCH),
    sourceRpm: string(RPMTAG.SOURCERPM),
    license: string(RPMTAG.LICENSE),
    vendor: string(RPMTAG.VENDOR),
    size: int32s(RPMTAG.SIZE)?.[0] ?? null,
    sigMd5: sigMd5 ? Buffer.from(sigMd5).toString('hex') : null,
    modularityLabel: string(RPMTAG.MODULARITYLABEL),
    files: fileList(strings(RPMTAG.DIRNAMES), strings(RPMTAG.BASENAMES), int32s(RPMTAG.DIRINDEXES), strings(RPMTAG.OLDFILENAMES)),
  };
}

function fileList(dirnames: string[] | null, basenames: string[] | null, dirindexes: number[] | null, oldfilenames: string[] | null): string[] {
  if (basenames && dirnames && dirindexes) {
    if (dirindexes.length !== basenames.length) throw new RpmHeaderError(`${basenames.length} BASENAMES but ${dirindexes.length} DIRINDEXES`);
    const out: string[] = new Array(basenames.length);
    for (let i = 0; i < basenames.length; i++) {
      const dir = dirnames[dirindexes[i] as number];
      if (dir === undefined) throw new RpmHeaderError(`DIRINDEXES[${i}] = ${dirindexes[i]} is out of range`);
      out[i] = dir + (basenames[i] as string);
    }
    return out;
  }
  return oldfilenames ?? [];
}

/** "util-linux-2.32.1-42.el8_8.src.rpm" → name, version, release, split from the right. */
export function parseSourceRpm(sourceRpm: string): { name: string; version: string; release: string } | null {
  let s = sourceRpm;
  if (s.endsWith('.rpm')) s = s.slice(0, -4);
  if (s.endsWith('.src')) s = s.slice(0, -4);
  else if (s.endsWith('.nosrc')) s = s.slice(0, -6);
  const r = s.lastIndexOf('-');
  if (r <= 0) return null;
  const v = s.lastIndexOf('-', r - 1);
  if (v <= 0) return null;
  const name = s.slice(0, v);
  const version = s.slice(v + 1, r);
  const release = s.slice(r + 1);
  if (!name || !version || !release) return null;
  return { name, version, release };
}
