// Debian packages from dpkg's database: var/lib/dpkg/status, and distroless images'
// var/lib/dpkg/status.d/<package> (one stanza file per package; the .md5sums files beside them
// are file lists, read by dpkg-file-list.ts). RFC 822-style stanzas separated by blank lines;
// continuation lines start with a space or tab. One pass over the lines, no regexes per line.
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { osPurl } from './purl';

export const DPKG_STATUS_PATH = 'var/lib/dpkg/status';
export const DPKG_STATUS_DIR = 'var/lib/dpkg/status.d/';

/** The fields we read, lower-cased (field names are case-insensitive in deb822). */
const FIELDS = new Set(['package', 'status', 'version', 'architecture', 'source']);

export interface DpkgStanza {
  package?: string;
  status?: string;
  version?: string;
  architecture?: string;
  source?: string;
}

/**
 * dpkg states in which the package's files are on disk (dpkg(1) "Package states"): unpacked and
 * later. 'config-files', 'half-installed' and 'not-installed' have no (or not all) files, so no
 * package is reported for them. The want word (install, hold, deinstall, purge) is ignored: a
 * held or to-be-removed package is still there.
 */
const PRESENT_STATES = new Set(['installed', 'unpacked', 'half-configured', 'triggers-awaited', 'triggers-pending']);

export function isPresent(status: string | undefined): boolean {
  if (status === undefined) return true; // distroless status.d entries have no Status
  const words = status.trim().split(/\s+/);
  return words.length === 3 && PRESENT_STATES.has(words[2] as string);
}

function isBlank(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}

/** Every stanza, with only the fields we need. */
export function parseStanzas(text: string): DpkgStanza[] {
  const stanzas: DpkgStanza[] = [];
  let current: DpkgStanza | null = null;
  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    const lineStart = start;
    start = end + 1;
    const first = text.charCodeAt(lineStart);
    if (first === 32 || first === 9) {
      // A continuation line (most of a status file: descriptions); skipped without copying,
      // unless it is whitespace only, which ends the stanza as it does for dpkg.
      if (isBlank(text, lineStart, end)) current = null;
      continue;
    }
    if (lineStart === end || (first === 13 && end === lineStart + 1)) {
      current = null;
      continue;
    }
    if (first === 35) continue; // '#' comment (only in hand-written files, harmless)
    let colon = lineStart;
    while (colon < end && text.charCodeAt(colon) !== 58) colon++; // bounded to the line: no quadratic scan
    if (colon === end || colon === lineStart) continue;
    const name = text.slice(lineStart, colon).toLowerCase();
    if (!current) {
      current = {};
      stanzas.push(current);
    }
    if (FIELDS.has(name)) current[name as keyof DpkgStanza] = text.slice(colon + 1, end).trim();
  }
  return stanzas;
}

/** "glibc (2.36-9+deb12u4)" → name and version; "glibc" → name only. */
export function parseSourceField(source: string): { name: string; version: string | null } {
  const open = source.indexOf('(');
  if (open < 0) return { name: source.trim(), version: null };
  const close = source.indexOf(')', open + 1);
  const version = source.slice(open + 1, close < 0 ? source.length : close).trim();
  return { name: source.slice(0, open).trim(), version: version || null };
}

/** PackageRecords for the present packages of a dpkg status text; notes for stanzas that cannot be used. */
export function parseDpkgStatus(text: string, path: string): { packages: PackageRecord[]; notes: string[] } {
  const packages: PackageRecord[] = [];
  const notes: string[] = [];
  const stanzas = parseStanzas(text);
  let withoutVersion = 0;
  let withoutName = 0;
  for (const s of stanzas) {
    if (!s.package) {
      withoutName++;
      continue;
    }
    if (!isPresent(s.status)) continue;
    if (!s.version) {
      withoutVersion++;
      continue;
    }
    const source = s.source ? parseSourceField(s.source) : null;
    const arch = s.architecture || null;
    packages.push({
      type: 'deb',
      name: s.package,
      version: s.version,
      sourceName: source?.name || s.package,
      sourceVersion: source?.version ?? s.version,
      namespace: 'debian',
      arch,
      // The lead adds distro=debian-12 (and the real namespace, e.g. ubuntu) after OS detection: see purl.ts.
      purl: osPurl('deb', 'debian', s.package, s.version, { arch }),
      licenses: [],
      path,
      installedBy: null,
    });
  }
  if (stanzas.length === 0 && text.trim() !== '') notes.push(`${path}: no package stanzas found`);
  if (withoutName) notes.push(`${path}: ${withoutName} stanza(s) without a Package field skipped`);
  if (withoutVersion) notes.push(`${path}: ${withoutVersion} installed package(s) without a Version skipped`);
  return { packages, notes };
}

function hasNul(content: Buffer): boolean {
  return content.indexOf(0) >= 0;
}

export function isDpkgStatusPath(path: string): boolean {
  if (path === DPKG_STATUS_PATH) return true;
  if (!path.startsWith(DPKG_STATUS_DIR)) return false;
  const name = path.slice(DPKG_STATUS_DIR.length);
  return name.length > 0 && !name.includes('/') && !name.endsWith('.md5sums');
}

export const dpkgStatusAnalyzer: Analyzer = {
  id: 'dpkg-status',
  version: 1,
  owns: 'os',
  maxBytes: 64 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return isDpkgStatusPath(entry.path);
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    if (hasNul(content)) return { notes: [`${entry.path}: binary data, not a dpkg status file; no packages read`] };
    const { packages, notes } = parseDpkgStatus(content.toString('utf8'), entry.path);
    return notes.length ? { packages, notes } : { packages };
  },
};
