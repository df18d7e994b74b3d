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

/** normalisePath, with a fast path for the usual clean "/usr/bin/x" line. */
function clean(raw: string): string {
  if (raw.length > 1 && raw.charCodeAt(0) === 47 && !raw.includes('/.') && !raw.includes('//') && !raw.endsWith('/')) return raw.slice(1);
  return normalisePath(raw);
}

/** Calls `each` with every line (without its \n or \r\n), no array of lines built. */
function forEachLine(text: string, each: (line: string) => void): void {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (stop > start) each(text.slice(start, stop));
    start = end + 1;
  }
}

/** A .list file: one absolute path per line (lines that are not absolute paths are not dpkg's). */
export function parseDpkgList(text: string): string[] {
  const out: string[] = [];
  forEachLine(text, (line) => {
    if (line.charCodeAt(0) !== 47) return;
    const path = clean(line);
    if (path) out.push(path);
  });
  return out;
}

/** An md5sums file: "<hex digest><two spaces><path>" per line; the path is relative. */
export function parseMd5sums(text: string): string[] {
  const out: string[] = [];
  forEachLine(text, (line) => {
    const space = line.indexOf(' ');
    if (space <= 0) return;
    const path = normalisePath(line.slice(space).trimStart());
    if (path) out.push(path);
  });
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
  version: 2, // 2: lines that are not absolute paths are no longer taken as paths
  owns: 'os',
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
