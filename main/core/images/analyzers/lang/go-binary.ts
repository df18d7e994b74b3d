// Go modules compiled into an executable, from the build info the Go linker embeds (what
// `go version -m` prints; Go's debug/buildinfo is the reference for this reader).
//
// The blob starts with a 32-byte header, 16-byte aligned: "\xff Go buildinf:" (14 bytes), the
// pointer size, and a flags byte (bit 0: big-endian, bit 1: strings inline). Go ≥ 1.18 puts the
// two strings (Go version, module info) inline after the header, each prefixed by a uvarint
// length. Go 1.13–1.17 put two pointers at offsets 16 and 16+ptrSize instead, each to a Go
// string header {data pointer, length} that has to be resolved through the program's segments.
// On ELF the blob is the start of the .go.buildinfo section; elsewhere (and in ELF files
// without section headers) the file is searched for the magic.
//
// The module info is framed by two 16-byte sentinels and holds tab-separated lines:
//   path <main package>   mod <path> <version> [<sum>]   dep <path> <version> [<sum>]
//   => <path> <version> [<sum>]   (replaces the mod/dep line before it)   build <key>=<value>
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { isElfHead, looksExecutable, makePackage, reason } from './common';
import { findSection, isElf, parseElf, readVirtual, sectionData, sectionNames, type ElfFile } from './elf';

export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const HEADER_SIZE = 32;
const ALIGN = 16;
/** Module info larger than this is not something a linker wrote. */
const MAX_STRING = 16 * 1024 * 1024;
/** How many magic candidates a whole-file search tries before giving up. */
const MAX_CANDIDATES = 64;

export interface GoModule {
  path: string;
  version: string;
  sum: string;
  replace: GoModule | null;
}

export interface GoBuildInfo {
  /** As the binary says it: 'go1.19.8', 'go1.22.0 X:boringcrypto'. */
  goVersion: string;
  /** The main package's import path ('path' line). */
  path: string | null;
  main: GoModule | null;
  deps: GoModule[];
  /** 'build' lines: ['-ldflags', '-X main.version=1.0'], ['GOOS', 'linux'] … */
  settings: Array<[string, string]>;
  /** Lines that could not be parsed (counted, not fatal). */
  badLines: number;
}

export class GoBuildInfoError extends Error {}

/** Reads a uvarint; null when truncated or longer than a safe integer. */
function readUvarint(buf: Buffer, pos: number): { value: number; next: number } | null {
  let value = 0;
  let mul = 1;
  for (let i = 0; i < 9; i++) {
    const b = buf[pos + i];
    if (b === undefined) return null;
    value += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return Number.isSafeInteger(value) ? { value, next: pos + i + 1 } : null;
    mul *= 128;
  }
  return null;
}

interface Blob {
  version: string;
  mod: string;
}

/** Decodes the blob whose header starts at `data[0]`; null if it is not a usable header. */
function decodeBlob(data: Buffer, resolve: ((addr: number, size: number) => Buffer | null) | null): Blob | 'needs-addresses' | null {
  if (data.length < HEADER_SIZE || !data.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC)) return null;
  const ptrSize = data[14] as number;
  const flags = data[15] as number;
  let version: Buffer;
  let mod: Buffer;
  if (flags & 2) {
    const v = readUvarint(data, HEADER_SIZE);
    if (!v || v.value > MAX_STRING || v.next + v.value > data.length) return null;
    version = data.subarray(v.next, v.next + v.value);
    const m = readUvarint(data, v.next + v.value);
    if (!m || m.value > MAX_STRING || m.next + m.value > data.length) return null;
    mod = data.subarray(m.next, m.next + m.value);
  } else {
    if (ptrSize !== 4 && ptrSize !== 8) return null;
    if (!resolve) return 'needs-addresses';
    const big = (flags & 1) !== 0;
    const readPtr = (b: Buffer, off: number): number => {
      if (ptrSize === 4) return big ? b.readUInt32BE(off) : b.readUInt32LE(off);
      const v = big ? b.readBigUInt64BE(off) : b.readBigUInt64LE(off);
      return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
    };
    const readString = (addr: number): Buffer | null => {
      if (addr < 0) return null;
      const hdr = resolve(addr, 2 * ptrSize);
      if (!hdr) return null;
      const dataAddr = readPtr(hdr, 0);
      const len = readPtr(hdr, ptrSize);
      if (len < 0 || len > MAX_STRING) return null;
      if (len === 0) return Buffer.alloc(0);
      return resolve(dataAddr, len);
    };
    const v = readString(readPtr(data, 16));
    const m = readString(readPtr(data, 16 + ptrSize));
    if (v === null || m === null) return null;
    version = v;
    mod = m;
  }
  if (version.length === 0) return null;
  // Strip the sentinels (cmd/go's infoStart/infoEnd, 16 binary bytes each) as debug/buildinfo does.
  const text = mod.length >= 33 && mod[mod.length - 17] === 10 ? mod.toString('utf8', 16, mod.length - 16) : '';
  return { version: version.toString('utf8'), mod: text };
}

/** Sections only the Go linker writes: an ELF file with section headers and none of them is no Go program. */
const GO_SECTIONS = ['.go.buildinfo', '.gopclntab', '.note.go.buildid', '.go.fipsinfo'];

/** Offsets of the magic in `buf` from `from`, 16-byte-aligned ones first. */
function magicOffsets(buf: Buffer, from = 0, to = buf.length): number[] {
  const aligned: number[] = [];
  const other: number[] = [];
  let i = buf.indexOf(GO_BUILDINFO_MAGIC, from);
  while (i >= 0 && i < to && aligned.length + other.length < MAX_CANDIDATES) {
    ((i - from) % ALIGN === 0 ? aligned : other).push(i);
    i = buf.indexOf(GO_BUILDINFO_MAGIC, i + 1);
  }
  return [...aligned, ...other];
}

/**
 * The raw version and module strings; null when this is not a Go binary with build info.
 * Throws GoBuildInfoError when there is a header that cannot be read.
 */
export function readGoBuildInfoStrings(buf: Buffer): Blob | null {
  let elf: ElfFile | null = null;
  if (isElf(buf)) {
    try {
      elf = parseElf(buf);
    } catch {
      elf = null; // a damaged header: still try the search below
    }
  }
  const resolve = elf ? (addr: number, size: number) => readVirtual(elf as ElfFile, buf, addr, size) : null;
  let sawOldFormat = false;
  let sawBadHeader = false;
  const tryAt = (offsets: number[]): Blob | null => {
    for (const off of offsets) {
      const blob = decodeBlob(buf.subarray(off), resolve);
      if (blob === 'needs-addresses') {
        sawOldFormat = true;
        continue;
      }
      if (blob) return blob;
      // A header that looks like the linker's (pointer size 4 or 8, known flags) but would not decode.
      const ptrSize = buf[off + 14];
      if ((ptrSize === 4 || ptrSize === 8) && (buf[off + 15] ?? 0xff) <= 3) sawBadHeader = true;
    }
    return null;
  };
  if (elf && elf.sections.length > 0) {
    const section = findSection(elf, '.go.buildinfo');
    if (section) {
      const data = sectionData(buf, section);
      if (data) {
        const start = section.offset;
        const found = tryAt(magicOffsets(buf, start, start + data.length));
        if (found) return found;
      }
    } else if (!GO_SECTIONS.some((name) => findSection(elf!, name))) {
      return null; // section headers present and none of Go's: not a Go program
    }
  }
  const found = tryAt(magicOffsets(buf));
  if (found) return found;
  if (sawOldFormat) {
    throw new GoBuildInfoError('Go build info of Go < 1.18 (pointer format) found, but its addresses cannot be resolved in this file format');
  }
  if (sawBadHeader) throw new GoBuildInfoError('Go build info header found, but its strings are truncated or out of bounds');
  return null;
}

function parseModuleColumns(cols: string[]): GoModule | null {
  if (cols.length !== 2 && cols.length !== 3) return null;
  const [path, version, sum] = cols;
  if (!path) return null;
  return { path, version: version ?? '', sum: sum ?? '', replace: null };
}

/** Parses the module info text (runtime/debug.ParseBuildInfo's format), tolerating bad lines. */
export function parseModInfo(goVersion: string, mod: string): GoBuildInfo {
  const info: GoBuildInfo = { goVersion, path: null, main: null, deps: [], settings: [], badLines: 0 };
  let last: GoModule | null = null;
  for (const line of mod.split('\n')) {
    if (line === '') continue;
    const tab = line.indexOf('\t');
    const key = tab < 0 ? line : line.slice(0, tab);
    const rest = tab < 0 ? '' : line.slice(tab + 1);
    switch (key) {
      case 'path':
        info.path = rest;
        break;
      case 'mod': {
        const m = parseModuleColumns(rest.split('\t'));
        if (m) info.main = last = m;
        else info.badLines++;
        break;
      }
      case 'dep': {
        const cols = rest.split('\t');
        const m = parseModuleColumns(cols);
        if (m) {
          info.deps.push(m);
          last = m;
        } else if (cols[0] === '' && cols.length <= 3) {
          // Old toolchains wrote a pathless "(devel)" dep for the main module (Trivy skips it too).
          last = { path: '', version: cols[1] ?? '', sum: '', replace: null };
        } else info.badLines++;
        break;
      }
      case '=>': {
        const m = parseModuleColumns(rest.split('\t'));
        if (m && last && !last.replace) last.replace = m;
        else info.badLines++;
        break;
      }
      case 'build': {
        // key=value; the value may be quoted (strconv.Quote) when it has spaces, tabs or quotes.
        const eq = rest.indexOf('=');
        if (eq <= 0) {
          info.badLines++;
          break;
        }
        let value = rest.slice(eq + 1);
        if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
          try {
            value = JSON.parse(value) as string;
          } catch {
            value = value.slice(1, -1);
          }
        }
        info.settings.push([rest.slice(0, eq), value]);
        break;
      }
      default:
        // Unknown line kinds from newer toolchains are ignored, as Go itself does for unknown keys.
        break;
    }
  }
  return info;
}

export function readGoBuildInfo(buf: Buffer): GoBuildInfo | null {
  const blob = readGoBuildInfoStrings(buf);
  return blob ? parseModInfo(blob.version, blob.mod) : null;
}

const SEMVERISH = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/;

/** Splits ldflags like the Go tool (spaces, with '…' and "…" quoting). */
function splitFlags(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  let has = false;
  for (const ch of s) {
    if (quote) {
      if (ch === quote) quote = '';
      else cur += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += ch;
      has = true;
    }
  }
  if (has || cur) out.push(cur);
  return out;
}

/**
 * A version stamped with `-ldflags '-X <pkg>.version=1.2.3'` (also .Version, .ver), as Trivy
 * reads it: binaries built with `go build` say "(devel)" for the main module otherwise.
 */
export function versionFromLdflags(ldflags: string): string | null {
  const args = splitFlags(ldflags);
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    let def: string | undefined;
    if (a === '-X' || a === '--X') def = args[++i];
    else if (a.startsWith('-X=')) def = a.slice(3);
    else if (a.startsWith('--X=')) def = a.slice(4);
    if (!def) continue;
    const eq = def.indexOf('=');
    if (eq <= 0) continue;
    const key = def.slice(0, eq).toLowerCase();
    const value = def.slice(eq + 1);
    if ((key.endsWith('.version') || key.endsWith('.ver')) && SEMVERISH.test(value)) return value;
  }
  return null;
}

/**
 * The toolchain version as a module-style version, as golang.org/x/vuln writes Go releases:
 * go1.19.8 → v1.19.8, go1.20 → v1.20.0, go1.21rc2 → v1.21.0-rc.2. Anything else (devel builds,
 * vendor forks) is kept as the first word of what the binary says.
 */
export function stdlibVersion(goVersion: string): string {
  const word = goVersion.trim().split(/\s/, 1)[0] ?? '';
  const m = /^go(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:(beta|rc)(\d+))?$/.exec(word);
  if (!m) return word;
  const [, major, minor = '0', patch = '0', pre, preNum] = m;
  return `v${major}.${minor}.${patch}${pre ? `-${pre}.${preNum}` : ''}`;
}

function splitModulePath(path: string): { namespace: string | null; name: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { namespace: null, name: path } : { namespace: path.slice(0, i), name: path.slice(i + 1) };
}

/** A local-directory replacement ('=> ./fork (devel)'): no module identity of its own. */
function isLocalReplacement(m: GoModule): boolean {
  return m.path.startsWith('.') || m.path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(m.path);
}

function moduleIdentity(m: GoModule): { path: string; version: string } {
  if (m.replace && !isLocalReplacement(m.replace)) return { path: m.replace.path, version: m.replace.version };
  return { path: m.path, version: m.version };
}

export function goPackages(info: GoBuildInfo, filePath: string): PackageRecord[] {
  const out: PackageRecord[] = [];
  const add = (modPath: string, version: string) => {
    const { namespace, name } = splitModulePath(modPath);
    if (!name) return;
    out.push(makePackage({ type: 'golang', namespace, name, version, path: filePath }));
  };
  if (info.main) {
    const id = moduleIdentity(info.main);
    let version = id.version;
    if (version === '(devel)' || version === '') {
      const ldflags = info.settings.find(([k]) => k === '-ldflags')?.[1];
      version = (ldflags && versionFromLdflags(ldflags)) || version || '(devel)';
    }
    add(id.path, version);
  }
  for (const dep of info.deps) {
    const id = moduleIdentity(dep);
    if (!id.path) continue;
    add(id.path, id.version);
  }
  out.push(makePackage({ type: 'golang', namespace: null, name: 'stdlib', version: stdlibVersion(info.goVersion), path: filePath }));
  return out;
}

function isMachO64Head(head: Buffer): boolean {
  // 0xfeedfacf little-endian (amd64, arm64); Go never builds 32-bit or fat Mach-O files now.
  return head.length >= 4 && head[0] === 0xcf && head[1] === 0xfa && head[2] === 0xed && head[3] === 0xfe;
}

function isPeHead(head: Buffer): boolean {
  return head.length >= 64 && head[0] === 0x4d && head[1] === 0x5a;
}

export const goBinaryAnalyzer: Analyzer = {
  id: 'go-binary',
  version: 1,
  maxBytes: 256 * 1024 * 1024,
  wants(entry: EntryFacts, head: Buffer): boolean {
    if (isElfHead(head)) {
      const type = head[5] === 2 ? (head[16]! << 8) | head[17]! : head[16]! | (head[17]! << 8);
      return (type === 2 || type === 3) && looksExecutable(entry);
    }
    if (isMachO64Head(head)) return looksExecutable(entry);
    if (isPeHead(head)) return entry.path.toLowerCase().endsWith('.exe');
    return false;
  },
  stillWants(_entry: EntryFacts, file): boolean {
    const head = file.read(0, Math.min(4, file.size));
    if (!isElf(head)) return true;
    try {
      const names = sectionNames(file);
      return names.size <= 1 || GO_SECTIONS.some((name) => names.has(name)); // no section headers: search the file
    } catch {
      return true;
    }
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    let info: GoBuildInfo | null;
    try {
      info = readGoBuildInfo(content);
    } catch (err) {
      return { notes: [`${entry.path}: Go build info not read: ${reason(err)}`] };
    }
    if (!info) return {};
    const notes: string[] = [];
    if (info.badLines) notes.push(`${entry.path}: ${info.badLines} unreadable line(s) in the Go module info skipped`);
    const packages = goPackages(info, entry.path);
    return notes.length ? { packages, notes } : { packages };
  },
};
