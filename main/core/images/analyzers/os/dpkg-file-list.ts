// Files that belong to Debian packages: var/lib/dpkg/info/<package>[:<arch>].list (every path
// the package installed, directories included, starting with "/."), and for distroless images,
// which have no info/ folder, var/lib/dpkg/status.d/<package>.md5sums ("<md5>  <path>").
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { DPKG_STATUS_DIR } from './dpkg-status';

export const DPKG_INFO_DIR = 'var/lib/dpkg/info/';

/** Relative, no leading slash, '.' and '..' resolved without leaving the root; '' for the root itself. */
export function normalisePath(raw: string): string {
  const parts: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function lines(text: string): string[] {
  return text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

/** A .list file: one absolute path per line. */
export function parseDpkgList(text: string): string[] {
  const out: string[] = [];
  for (const line of lines(text)) {
    const path = normalisePath(line);
    if (path) out.push(path);
  }
  return out;
}

/** An md5sums file: "<hex digest><two spaces><path>" per line; the path is relative. */
export function parseMd5sums(text: string): string[] {
  const out: string[] = [];
  for (const line of lines(text)) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const path = normalisePath(line.slice(space).trimStart());
    if (path) out.push(path);
  }
  return out;
}

export function isDpkgFileListPath(path: string): 'list' | 'md5sums' | null {
  if (path.startsWith(DPKG_INFO_DIR)) {
    const name = path.slice(DPKG_INFO_DIR.length);
    return name.length > '.list'.length && !name.includes('/') && name.endsWith('.list') ? 'list' : null;
  }
  if (path.startsWith(DPKG_STATUS_DIR)) {
    const name = path.slice(DPKG_STATUS_DIR.length);
    return name.length > '.md5sums'.length && !name.includes('/') && name.endsWith('.md5sums') ? 'md5sums' : null;
  }
  return null;
}

export const dpkgFileListAnalyzer: Analyzer = {
  id: 'dpkg-file-list',
  version: 1,
  maxBytes: 32 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return isDpkgFileListPath(entry.path) !== null;
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    if (content.indexOf(0) >= 0) return { notes: [`${entry.path}: binary data, not a dpkg file list; ownership not read`] };
    const text = content.toString('utf8');
    const ownedPaths = isDpkgFileListPath(entry.path) === 'md5sums' ? parseMd5sums(text) : parseDpkgList(text);
    return { ownedPaths };
  },
};
