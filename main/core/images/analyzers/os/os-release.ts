// Which OS an image is, from os-release (etc/os-release; usr/lib/os-release, which Debian's
// etc/os-release links to) or, failing that, the distribution's own release file
// (etc/alpine-release, etc/debian_version, etc/redhat-release, etc/centos-release,
// etc/system-release, etc/lsb-release). Every file gives its own OsInfo with `source`; when an
// image has several, `pickOs` (os-choice.ts) chooses at merge time.
import type { OsInfo } from '../../../../../shared/model/os-info';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';

export const OS_RELEASE_PATHS = ['etc/os-release', 'usr/lib/os-release'] as const;
export const RELEASE_FILE_PATHS = [
  'etc/alpine-release',
  'etc/debian_version',
  'etc/redhat-release',
  'etc/centos-release',
  'etc/system-release',
  'etc/lsb-release',
] as const;
const WANTED = new Set<string>([...OS_RELEASE_PATHS, ...RELEASE_FILE_PATHS]);

/** Release files are a few hundred bytes; anything far larger is not one. */
const MAX_BYTES = 64 * 1024;

/**
 * KEY=VALUE lines as os-release(5) and lsb-release write them: `#` comments, values bare,
 * "double-quoted" (with \" \\ \$ \` escapes) or 'single-quoted'. Malformed lines are skipped.
 */
export function parseShellAssignments(text: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    values.set(key, unquote(line.slice(eq + 1).trim()));
  }
  return values;
}

function unquote(value: string): string {
  const quote = value[0];
  if (quote !== '"' && quote !== "'") {
    // Bare value; an unquoted trailing comment is not part of it.
    const hash = value.indexOf(' #');
    return (hash >= 0 ? value.slice(0, hash) : value).trim();
  }
  let out = '';
  for (let i = 1; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === quote) return out;
    if (quote === '"' && ch === '\\' && i + 1 < value.length) {
      out += value[++i];
      continue;
    }
    out += ch;
  }
  return out; // unterminated quote: take what there is
}

const nonEmpty = (s: string | undefined): string | null => (s && s.trim() ? s.trim() : null);

/** os-release(5): ID → family, VERSION_ID → version (then the leading number of VERSION). */
export function parseOsRelease(text: string, source: string): OsInfo | null {
  const v = parseShellAssignments(text);
  const id = nonEmpty(v.get('ID'))?.toLowerCase() ?? null;
  if (!id) return null;
  const versionField = nonEmpty(v.get('VERSION'));
  const version = nonEmpty(v.get('VERSION_ID')) ?? leadingVersion(versionField ?? '') ?? '';
  return {
    family: id,
    version,
    codename: nonEmpty(v.get('VERSION_CODENAME')) ?? nonEmpty(v.get('UBUNTU_CODENAME')) ?? codenameInParens(versionField),
    prettyName: nonEmpty(v.get('PRETTY_NAME')) ?? nonEmpty(v.get('NAME')),
    source,
  };
}

/** "12 (bookworm)" → "bookworm". */
function codenameInParens(version: string | null): string | null {
  if (!version) return null;
  const open = version.indexOf('(');
  const close = version.indexOf(')', open + 1);
  if (open < 0 || close < 0) return null;
  const inner = version.slice(open + 1, close).trim();
  return inner && !inner.includes(' ') ? inner.toLowerCase() : null;
}

/** The first run of digits and dots at the start of a word: "7.9.2009 (Core)" → "7.9.2009". */
function leadingVersion(text: string): string | null {
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      start = i;
      break;
    }
  }
  if (start < 0) return null;
  let end = start;
  while (end < text.length) {
    const c = text.charCodeAt(end);
    if ((c >= 48 && c <= 57) || c === 46) end++;
    else break;
  }
  const out = text.slice(start, end).replace(/\.+$/, '');
  return out || null;
}

// "<Name> release <version> (<codename>)" → os-release IDs; the first matching prefix wins.
const RELEASE_NAMES: Array<[string, string]> = [
  ['red hat enterprise linux', 'rhel'],
  ['centos', 'centos'],
  ['rocky linux', 'rocky'],
  ['almalinux', 'almalinux'],
  ['fedora', 'fedora'],
  ['oracle linux', 'ol'],
  ['amazon linux', 'amzn'],
  ['cloudlinux', 'cloudlinux'],
  ['scientific linux', 'scientific'],
  ['eurolinux', 'eurolinux'],
  ['navy linux', 'navy'],
];

/** etc/redhat-release, etc/centos-release, etc/system-release: "CentOS Linux release 7.9.2009 (Core)". */
export function parseRedhatRelease(text: string, source: string): OsInfo | null {
  const line = firstLine(text);
  if (!line) return null;
  const lower = line.toLowerCase();
  const at = lower.indexOf(' release ');
  const name = (at >= 0 ? line.slice(0, at) : line).trim();
  const rest = at >= 0 ? line.slice(at + ' release '.length) : line;
  const version = leadingVersion(rest.trim().split(' ')[0] ?? '');
  const match = RELEASE_NAMES.find(([prefix]) => lower.startsWith(prefix));
  if (!match || !version) return null;
  return {
    family: match[1],
    version,
    codename: codenameInParens(rest),
    prettyName: line,
    source,
  };
}

function firstLine(text: string): string | null {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line) return line;
  }
  return null;
}

/** True when every character is printable ASCII; release files that are not are garbage. */
function looksLikeText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) return false;
  }
  return true;
}

/** One OsInfo from one release file, or null when the file does not say. */
export function parseReleaseFile(path: string, text: string): OsInfo | null {
  switch (path) {
    case 'etc/os-release':
    case 'usr/lib/os-release':
      return parseOsRelease(text, path);
    case 'etc/alpine-release': {
      const version = firstLine(text);
      return version && leadingVersion(version) ? { family: 'alpine', version, codename: null, prettyName: null, source: path } : null;
    }
    case 'etc/debian_version': {
      // "12.5", or "bookworm/sid" on testing/unstable (and on Ubuntu, whose os-release wins).
      const version = firstLine(text);
      return version && !version.includes(' ') ? { family: 'debian', version, codename: null, prettyName: null, source: path } : null;
    }
    case 'etc/lsb-release': {
      const v = parseShellAssignments(text);
      const id = nonEmpty(v.get('DISTRIB_ID'))?.toLowerCase();
      const version = nonEmpty(v.get('DISTRIB_RELEASE'));
      if (!id || !version) return null;
      return {
        family: id,
        version,
        codename: nonEmpty(v.get('DISTRIB_CODENAME')),
        prettyName: nonEmpty(v.get('DISTRIB_DESCRIPTION')),
        source: path,
      };
    }
    case 'etc/redhat-release':
    case 'etc/centos-release':
    case 'etc/system-release':
      return parseRedhatRelease(text, path);
    default:
      return null;
  }
}

export const osReleaseAnalyzer: Analyzer = {
  id: 'os-release',
  version: 1,
  maxBytes: MAX_BYTES,
  wants(entry: EntryFacts): boolean {
    return WANTED.has(entry.path);
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    const text = content.toString('utf8');
    if (!looksLikeText(text)) return { notes: [`${entry.path}: not a text file, OS not read from it`] };
    const os = parseReleaseFile(entry.path, text);
    return os ? { os } : { notes: [`${entry.path}: no distribution and version found in it`] };
  },
};
