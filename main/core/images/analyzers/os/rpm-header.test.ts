// The rpm header blob reader on headers built here byte by byte (the real ones are covered by
// rpm-database.test.ts against rpm itself): epochs, old-style file lists, replaced tags, and
// every kind of bad offset or count.
import { describe, expect, it } from 'vitest';
import { rpmPackageRecord } from './rpm-database';
import { parseRpmHeader, parseSourceRpm, RPMTAG } from './rpm-header';

type Value = { type: 6 | 8 | 9; value: string | string[] } | { type: 4; value: number[] } | { type: 7; value: Buffer };

/** A header blob: il, dl, index entries (in the given order), store. INT32 data 4-byte aligned as rpm writes it. */
function header(entries: Array<[number, Value]>, patch?: (blob: Buffer) => void): Buffer {
  const store: Buffer[] = [];
  let size = 0;
  const index: Buffer[] = [];
  for (const [tag, v] of entries) {
    if (v.type === 4) {
      const pad = (4 - (size % 4)) % 4;
      if (pad) {
        store.push(Buffer.alloc(pad));
        size += pad;
      }
    }
    let data: Buffer;
    let count: number;
    if (v.type === 4) {
      data = Buffer.alloc(v.value.length * 4);
      v.value.forEach((n, i) => data.writeUInt32BE(n, i * 4));
      count = v.value.length;
    } else if (v.type === 7) {
      data = v.value;
      count = v.value.length;
    } else {
      const list = Array.isArray(v.value) ? v.value : [v.value];
      data = Buffer.concat(list.map((s) => Buffer.from(`${s}\0`)));
      count = v.type === 6 ? 1 : list.length;
    }
    const e = Buffer.alloc(16);
    e.writeUInt32BE(tag, 0);
    e.writeUInt32BE(v.type, 4);
    e.writeInt32BE(size, 8);
    e.writeUInt32BE(count, 12);
    index.push(e);
    store.push(data);
    size += data.length;
  }
  const head = Buffer.alloc(8);
  head.writeUInt32BE(entries.length, 0);
  head.writeUInt32BE(size, 4);
  const blob = Buffer.concat([head, ...index, ...store]);
  patch?.(blob);
  return blob;
}

const s = (value: string): Value => ({ type: 6, value });
const base: Array<[number, Value]> = [
  [RPMTAG.NAME, s('openssl-libs')],
  [RPMTAG.VERSION, s('1.1.1k')],
  [RPMTAG.RELEASE, s('7.el8_6')],
  [RPMTAG.EPOCH, { type: 4, value: [1] }],
  [RPMTAG.SIZE, { type: 4, value: [3686405] }],
  [RPMTAG.VENDOR, s('Red Hat, Inc.')],
  [RPMTAG.LICENSE, s('OpenSSL and ASL 2.0')],
  [RPMTAG.ARCH, s('x86_64')],
  [RPMTAG.SOURCERPM, s('openssl-1.1.1k-7.el8_6.src.rpm')],
  [RPMTAG.DIRINDEXES, { type: 4, value: [0, 0, 1] }],
  [RPMTAG.BASENAMES, { type: 8, value: ['libcrypto.so.1.1', 'libssl.so.1.1', 'COPYING'] }],
  [RPMTAG.DIRNAMES, { type: 8, value: ['/usr/lib64/', '/usr/share/licenses/openssl-libs/'] }],
  [RPMTAG.SIGMD5, { type: 7, value: Buffer.from('00112233445566778899aabbccddeeff', 'hex') }],
];

describe('rpm header blobs', () => {
  it('reads every field we use, with the epoch in version and purl', () => {
    const h = parseRpmHeader(header(base));
    expect(h).toEqual({
      name: 'openssl-libs', version: '1.1.1k', release: '7.el8_6', epoch: 1, arch: 'x86_64',
      sourceRpm: 'openssl-1.1.1k-7.el8_6.src.rpm', license: 'OpenSSL and ASL 2.0', vendor: 'Red Hat, Inc.',
      size: 3686405, sigMd5: '00112233445566778899aabbccddeeff', modularityLabel: null,
      files: ['/usr/lib64/libcrypto.so.1.1', '/usr/lib64/libssl.so.1.1', '/usr/share/licenses/openssl-libs/COPYING'],
    });
    expect(rpmPackageRecord(h, 'var/lib/rpm/Packages')).toEqual({
      type: 'rpm', name: 'openssl-libs', version: '1:1.1.1k-7.el8_6', sourceName: 'openssl', sourceVersion: '1:1.1.1k-7.el8_6',
      namespace: 'redhat', arch: 'x86_64', purl: 'pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?arch=x86_64&epoch=1',
      licenses: ['OpenSSL', 'Apache-2.0'], path: 'var/lib/rpm/Packages', installedBy: null,
    });
  });

  it('epoch 0 is left out of the version, as rpm compares it the same as none', () => {
    const h = parseRpmHeader(header(base.map(([t, v]) => (t === RPMTAG.EPOCH ? [t, { type: 4, value: [0] }] : [t, v]))));
    expect(h.epoch).toBe(0);
    expect(rpmPackageRecord(h, 'x').version).toBe('1.1.1k-7.el8_6');
    expect(rpmPackageRecord(h, 'x').purl).toBe('pkg:rpm/redhat/openssl-libs@1.1.1k-7.el8_6?arch=x86_64');
  });

  it('old headers: OLDFILENAMES, I18N strings, no source rpm', () => {
    const h = parseRpmHeader(header([
      [RPMTAG.NAME, s('old')],
      [RPMTAG.VERSION, s('1')],
      [RPMTAG.RELEASE, s('2')],
      [RPMTAG.LICENSE, { type: 9, value: ['GPL', 'ignored translation'] }],
      [RPMTAG.OLDFILENAMES, { type: 8, value: ['/bin/old', '/etc/old.conf'] }],
    ]));
    expect(h).toMatchObject({ license: 'GPL', files: ['/bin/old', '/etc/old.conf'], arch: null, epoch: null, sourceRpm: null });
    expect(rpmPackageRecord(h, 'x')).toMatchObject({ sourceName: 'old', sourceVersion: '1-2', namespace: null, purl: 'pkg:rpm/old@1-2' });
  });

  it('a tag repeated after the region (a dribble entry) replaces the earlier one', () => {
    expect(parseRpmHeader(header([...base, [RPMTAG.RELEASE, s('8.el8_6')]])).release).toBe('8.el8_6');
  });

  const bad: Array<[string, Buffer, RegExp]> = [
    ['too short', Buffer.from([0, 0, 0]), /too short/],
    ['no entries', Buffer.alloc(8), /0 index entries/],
    ['huge entry count', header(base, (b) => b.writeUInt32BE(0x10000, 0)), /index entries/],
    ['store longer than the blob', header(base, (b) => b.writeUInt32BE(b.readUInt32BE(4) + 1, 4)), /header needs/],
    ['truncated blob', header(base).subarray(0, 100), /header needs/],
    ['unknown type', header(base, (b) => b.writeUInt32BE(42, 8 + 4)), /unknown type 42/],
    ['offset outside the store', header(base, (b) => b.writeInt32BE(1 << 20, 8 + 8)), /outside the data store/],
    ['negative offset', header(base, (b) => b.writeInt32BE(-4, 8 + 8)), /outside the data store/],
    ['string without its NUL', header([[RPMTAG.NAME, s('x')], [RPMTAG.VERSION, s('1')], [RPMTAG.RELEASE, s('2')]], (b) => { b[b.length - 1] = 0x41; }), /runs past/],
    ['string array count too large', header(base, (b) => b.writeUInt32BE(99, 8 + 10 * 16 + 12)), /runs past|outside/],
    ['INT32 count past the end', header(base, (b) => b.writeUInt32BE(1000, 8 + 3 * 16 + 12)), /run past|outside/],
    ['dir index out of range', header(base.map(([t, v]) => (t === RPMTAG.DIRINDEXES ? [t, { type: 4, value: [0, 0, 7] }] : [t, v]))), /out of range/],
    ['dir index count mismatch', header(base.map(([t, v]) => (t === RPMTAG.DIRINDEXES ? [t, { type: 4, value: [0, 0] }] : [t, v]))), /DIRINDEXES/],
    ['NAME stored as INT32', header([[RPMTAG.NAME, { type: 4, value: [1] }], [RPMTAG.VERSION, s('1')], [RPMTAG.RELEASE, s('2')]]), /expected a string/],
    ['no NAME', header([[RPMTAG.VERSION, s('1')], [RPMTAG.RELEASE, s('2')]]), /no NAME/],
  ];
  for (const [label, blob, message] of bad) {
    it(`rejects a header with ${label}`, () => {
      expect(() => parseRpmHeader(blob)).toThrow(message);
    });
  }
});

describe('source rpm names, split from the right', () => {
  const cases: Array<[string, ReturnType<typeof parseSourceRpm>]> = [
    ['util-linux-2.32.1-42.el8_8.src.rpm', { name: 'util-linux', version: '2.32.1', release: '42.el8_8' }],
    ['bash-4.4-19.6.1.src.rpm', { name: 'bash', version: '4.4', release: '19.6.1' }],
    ['gcc11-11.2.1+git610-1.3.9.src.rpm', { name: 'gcc11', version: '11.2.1+git610', release: '1.3.9' }],
    ['rpm-config-SUSE-1-5.6.1.src.rpm', { name: 'rpm-config-SUSE', version: '1', release: '5.6.1' }],
    ['foo-1.0-1.nosrc.rpm', { name: 'foo', version: '1.0', release: '1' }],
    ['foo-1.0-1.el8.rpm', { name: 'foo', version: '1.0', release: '1.el8' }],
    ['(none)', null],
    ['foo-1.src.rpm', null],
    ['-1-2.src.rpm', null],
  ];
  for (const [input, expected] of cases) it(input, () => expect(parseSourceRpm(input)).toEqual(expected));
});
