// Maven artifacts in Java archives (jar, war, ear and Jenkins' hpi/jpi), read in memory with yauzl.
// Per archive, in order of trust:
//   1. META-INF/maven/<groupId>/<artifactId>/pom.properties — one package each (a shaded jar
//      carries several);
//   2. else META-INF/MANIFEST.MF's main section (Implementation-*, Bundle-*, Specification-*);
//   3. else the file name, name-1.2.3.jar.
// Archives inside archives (WEB-INF/lib/*.jar, BOOT-INF/lib/*.jar, an ear's modules and lib/) are
// read the same way, to a depth limit and within a budget of uncompressed bytes for the whole
// top-level file, so a zip bomb ends in a note. Nested packages are named by their path inside
// the outer file: 'opt/app.war!/WEB-INF/lib/x.jar'.
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { basename, makePackage, reason } from './common';

export interface JavaArchiveLimits {
  /** Archives nested deeper than this are not opened (the top-level file is depth 0). */
  maxDepth: number;
  /** Uncompressed bytes read, summed over everything inside one top-level file. */
  maxTotalBytes: number;
  /** Largest pom.properties / MANIFEST.MF read. */
  maxMetadataBytes: number;
  /** Entries listed per archive before giving up on it. */
  maxEntries: number;
}

export const DEFAULT_JAVA_LIMITS: JavaArchiveLimits = {
  maxDepth: 4,
  maxTotalBytes: 512 * 1024 * 1024,
  maxMetadataBytes: 1024 * 1024,
  maxEntries: 200_000,
};

const ARCHIVE_EXTENSIONS = ['.jar', '.war', '.ear', '.jpi', '.hpi', '.par', '.sar', '.rar', '.kar'];
// '.rar' is a Java EE resource adapter archive here, but also the RAR compression format: the
// zip magic check in wants() tells them apart.

export function isJavaArchiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return ARCHIVE_EXTENSIONS.some((ext) => lower.endsWith(ext) && lower.length > ext.length);
}

function isZipHead(head: Buffer): boolean {
  // Local file header, or the end-of-central-directory record of an empty archive.
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6));
}

class LimitError extends Error {}

interface Budget {
  remaining: number;
}

interface Collected {
  packages: PackageRecord[];
  notes: string[];
}

// --- metadata formats ---------------------------------------------------------------------

/** java.util.Properties, the subset Maven writes: key=value / key: value, # and ! comments, \ continuations. */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    let line = (lines[i] as string).trimStart();
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (line.endsWith('\\') && !line.endsWith('\\\\') && i + 1 < lines.length) line = line.slice(0, -1) + (lines[++i] as string).trimStart();
    let sep = -1;
    for (let j = 0; j < line.length; j++) {
      const c = line[j];
      if (c === '\\') {
        j++;
        continue;
      }
      if (c === '=' || c === ':') {
        sep = j;
        break;
      }
    }
    const unescape = (s: string) => s.replace(/\\(.)/g, '$1');
    if (sep < 0) out.set(unescape(line.trim()), '');
    else out.set(unescape(line.slice(0, sep).trim()), unescape(line.slice(sep + 1).trim()));
  }
  return out;
}

/** The main section of a JAR manifest (up to the first blank line); 72-byte lines continue with a leading space. Keys lower-cased. */
export function parseManifest(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let key = '';
  let value = '';
  const flush = () => {
    if (key && !out.has(key)) out.set(key, value.trim());
    key = '';
  };
  for (const line of text.split(/\r?\n|\r/)) {
    if (line === '') break;
    if (line.startsWith(' ')) {
      if (key) value += line.slice(1);
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    key = line.slice(0, colon).trim().toLowerCase();
    value = line.slice(colon + 1);
  }
  flush();
  return out;
}

const QUALIFIERS = new Set(['alpha', 'beta', 'rc', 'cr', 'm', 'milestone', 'snapshot', 'final', 'release', 'ga', 'sp', 'jre', 'android', 'incubating', 'b', 'dev', 'preview', 'ea']);

/**
 * 'commons-io-2.11.0.jar' → commons-io, 2.11.0; 'log4j-1.2-api-2.17.1.jar' → log4j-1.2-api,
 * 2.17.1; 'guava-31.1-jre.jar' → guava, 31.1-jre. Null without a version.
 */
export function artifactFromFileName(fileName: string): { artifactId: string; version: string } | null {
  const dot = fileName.lastIndexOf('.');
  const stem = (dot > 0 ? fileName.slice(0, dot) : fileName).slice(0, 255);
  for (let i = 1; i < stem.length - 1; i++) {
    if (stem[i] !== '-' || !/[0-9]/.test(stem[i + 1] as string)) continue;
    const version = stem.slice(i + 1);
    // A later word that is not a version qualifier, followed by another version, means this
    // '-<digit>' belongs to the artifact name (log4j-1.2-api-…).
    const segs = version.split('-');
    let belongsToName = false;
    for (let j = 1; j < segs.length && !belongsToName; j++) {
      const s = segs[j] as string;
      if (/^[A-Za-z]/.test(s) && !QUALIFIERS.has(s.toLowerCase().replace(/[0-9.]+$/, ''))) {
        belongsToName = segs.slice(j + 1).some((t) => /^[0-9]/.test(t));
      }
    }
    if (!belongsToName) return { artifactId: stem.slice(0, i), version };
  }
  return null;
}

interface Coordinates {
  groupId: string | null;
  artifactId: string;
  version: string;
}

/**
 * Coordinates from a manifest, as Trivy reads them: group from Implementation-Vendor-Id, else
 * Bundle-SymbolicName minus its last part; artifact from a title without spaces, else the
 * symbolic name's last part, else the file name; version from Implementation-, Bundle- or
 * Specification-Version.
 */
export function coordinatesFromManifest(mf: Map<string, string>, fileName: string): Coordinates | null {
  const version = mf.get('implementation-version') || mf.get('bundle-version') || mf.get('specification-version');
  if (!version) return null;
  const bsn = (mf.get('bundle-symbolicname') ?? '').split(';', 1)[0]?.trim() ?? '';
  const bsnDot = bsn.lastIndexOf('.');
  const fromFile = artifactFromFileName(fileName);
  const titles = [mf.get('implementation-title'), mf.get('bundle-name'), mf.get('specification-title')];
  const artifactId = titles.find((t) => t && !/\s/.test(t)) || (bsnDot > 0 ? bsn.slice(bsnDot + 1) : bsn) || fromFile?.artifactId || '';
  if (!artifactId) return null;
  const groupId = mf.get('implementation-vendor-id') || (bsnDot > 0 ? bsn.slice(0, bsnDot) : null) || null;
  return { groupId, artifactId, version };
}

function mavenPackage(c: Coordinates, path: string): PackageRecord {
  return makePackage({
    type: 'maven',
    namespace: c.groupId,
    name: c.artifactId,
    version: c.version,
    path,
    // purl requires a namespace for maven; with no groupId known, the artifactId stands in (as Syft does).
    purlNamespace: c.groupId ?? c.artifactId,
  });
}

// --- zip reading --------------------------------------------------------------------------

function entryName(e: yauzl.Entry): string {
  const raw = e.fileName as unknown;
  return Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw);
}

async function readEntry(zip: yauzl.ZipFile, e: yauzl.Entry, limit: number, budget: Budget): Promise<Buffer> {
  const cap = Math.min(limit, budget.remaining);
  if (e.uncompressedSize > cap) throw new LimitError(`${e.uncompressedSize} bytes uncompressed, over the limit`);
  const stream: Readable = await zip.openReadStreamPromise(e);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > cap) throw new LimitError('more bytes than declared, over the limit');
      chunks.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  budget.remaining -= total;
  return Buffer.concat(chunks, total);
}

async function scanArchive(buf: Buffer, displayPath: string, depth: number, limits: JavaArchiveLimits, budget: Budget, out: Collected): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, strictFileNames: false });
  } catch (err) {
    out.notes.push(`${displayPath}: not a readable zip archive: ${reason(err)}`);
    return;
  }
  const poms: Array<{ name: string; entry: yauzl.Entry }> = [];
  const nested: Array<{ name: string; entry: yauzl.Entry }> = [];
  let manifest: yauzl.Entry | null = null;
  let listed = 0;
  try {
    for await (const e of zip.eachEntry()) {
      if (++listed > limits.maxEntries) {
        out.notes.push(`${displayPath}: more than ${limits.maxEntries} entries, the rest not read`);
        break;
      }
      const name = entryName(e);
      if (name.endsWith('/')) continue;
      if (name.startsWith('META-INF/maven/') && name.endsWith('/pom.properties') && name.split('/').length === 5) poms.push({ name, entry: e });
      else if (name.toUpperCase() === 'META-INF/MANIFEST.MF') manifest ??= e;
      else if (isJavaArchiveName(name)) nested.push({ name, entry: e });
    }
  } catch (err) {
    out.notes.push(`${displayPath}: zip directory unreadable after ${listed} entries: ${reason(err)}`);
  }

  const readText = async (e: yauzl.Entry, what: string): Promise<string | null> => {
    try {
      return (await readEntry(zip, e, limits.maxMetadataBytes, budget)).toString('utf8');
    } catch (err) {
      out.notes.push(`${displayPath}: ${what} not read: ${reason(err)}`);
      return null;
    }
  };

  const before = out.packages.length;
  for (const { name, entry } of poms) {
    const text = await readText(entry, name);
    if (text === null) continue;
    const props = parseProperties(text);
    const [, , groupFromPath, artifactFromPath] = name.split('/');
    const groupId = props.get('groupId') || groupFromPath || null;
    const artifactId = props.get('artifactId') || artifactFromPath || '';
    const version = props.get('version') || '';
    if (!artifactId || !version || version.includes('${')) continue;
    out.packages.push(mavenPackage({ groupId, artifactId, version }, displayPath));
  }
  if (out.packages.length === before) {
    const fileName = basename(displayPath.slice(displayPath.lastIndexOf('!/') + 1));
    let coords: Coordinates | null = null;
    if (manifest) {
      const text = await readText(manifest, 'META-INF/MANIFEST.MF');
      if (text !== null) coords = coordinatesFromManifest(parseManifest(text), fileName);
    }
    if (!coords) {
      const f = artifactFromFileName(fileName);
      if (f) coords = { groupId: null, ...f };
    }
    if (coords) out.packages.push(mavenPackage(coords, displayPath));
  }

  if (nested.length && depth + 1 > limits.maxDepth) {
    out.notes.push(`${displayPath}: ${nested.length} nested archive(s) deeper than ${limits.maxDepth} levels not read`);
    return;
  }
  for (const { name, entry } of nested) {
    const inner = `${displayPath}!/${name}`;
    let data: Buffer;
    try {
      data = await readEntry(zip, entry, Number.MAX_SAFE_INTEGER, budget);
    } catch (err) {
      if (err instanceof LimitError) {
        out.notes.push(`${inner}: not read: ${err.message} (${limits.maxTotalBytes} bytes per file in all; a zip bomb?)`);
        budget.remaining = 0;
        return;
      }
      out.notes.push(`${inner}: not read: ${reason(err)}`);
      continue;
    }
    if (data.length === 0) continue;
    if (!isZipHead(data)) {
      out.notes.push(`${inner}: not a zip archive`);
      continue;
    }
    await scanArchive(data, inner, depth + 1, limits, budget, out);
    if (budget.remaining <= 0) return;
  }
}

export function createJavaArchiveAnalyzer(overrides: Partial<JavaArchiveLimits> = {}): Analyzer {
  const limits = { ...DEFAULT_JAVA_LIMITS, ...overrides };
  return {
    id: 'java-archive',
    version: 1,
    maxBytes: 512 * 1024 * 1024,
    wants(entry: EntryFacts, head: Buffer): boolean {
      return isJavaArchiveName(entry.path) && isZipHead(head);
    },
    async analyze(entry: EntryFacts, content: Buffer): Promise<AnalyzerOutput> {
      const out: Collected = { packages: [], notes: [] };
      try {
        await scanArchive(content, entry.path, 0, limits, { remaining: limits.maxTotalBytes }, out);
      } catch (err) {
        out.notes.push(`${entry.path}: archive not fully read: ${reason(err)}`);
      }
      const result: AnalyzerOutput = {};
      if (out.packages.length) {
        result.packages = out.packages;
        result.ownedPaths = [entry.path];
      }
      if (out.notes.length) result.notes = out.notes;
      return result;
    },
  };
}

export const javaArchiveAnalyzer: Analyzer = createJavaArchiveAnalyzer();
