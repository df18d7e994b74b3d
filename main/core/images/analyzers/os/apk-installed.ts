// Alpine (and Wolfi/Chainguard) packages from apk's database, lib/apk/db/installed: one
// "X:value" line per field, packages separated by blank lines. P name, V version, A arch,
// o origin (the source package advisories are filed under), L license, F folder and R file
// (a file in the last folder) → owned paths. Files only: folders are shared between packages.
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { normalisePath } from './dpkg-file-list';
import { splitLicenses } from './license-expression';
import { osPurl } from './purl';

export const APK_INSTALLED_PATH = 'lib/apk/db/installed';

interface ApkEntry {
  name: string;
  version: string;
  arch: string;
  origin: string;
  license: string;
}

export function parseApkInstalled(text: string, path: string): { packages: PackageRecord[]; ownedPaths: string[]; notes: string[] } {
  const packages: PackageRecord[] = [];
  const ownedPaths: string[] = [];
  let incomplete = 0;
  let unknownLines = 0;
  let entry: ApkEntry | null = null;
  let folder = '';

  const finish = () => {
    if (entry) {
      if (entry.name && entry.version) packages.push(toRecord(entry, path));
      else incomplete++;
    }
    entry = null;
    folder = '';
  };

  let start = 0;
  const length = text.length;
  while (start <= length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = length;
    let line = text.slice(start, end);
    start = end + 1;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '') {
      finish();
      continue;
    }
    if (line.length < 2 || line[1] !== ':') {
      unknownLines++;
      continue;
    }
    const value = line.slice(2);
    const e: ApkEntry = entry ?? (entry = { name: '', version: '', arch: '', origin: '', license: '' });
    switch (line[0]) {
      case 'P':
        e.name = value;
        break;
      case 'V':
        e.version = value;
        break;
      case 'A':
        e.arch = value;
        break;
      case 'o':
        e.origin = value;
        break;
      case 'L':
        e.license = value;
        break;
      case 'F':
        folder = normalisePath(value);
        break;
      case 'R': {
        const file = normalisePath(folder ? `${folder}/${value}` : value);
        if (file) ownedPaths.push(file);
        break;
      }
      default:
        break;
    }
  }
  finish();

  const notes: string[] = [];
  if (incomplete) notes.push(`${path}: ${incomplete} entr${incomplete === 1 ? 'y' : 'ies'} without a name or version skipped`);
  if (packages.length === 0 && unknownLines > 0) notes.push(`${path}: not an apk database (${unknownLines} unreadable line(s))`);
  return { packages, ownedPaths, notes };
}

function toRecord(e: ApkEntry, path: string): PackageRecord {
  const arch = e.arch || null;
  return {
    type: 'apk',
    name: e.name,
    version: e.version,
    sourceName: e.origin || e.name,
    sourceVersion: e.version,
    namespace: 'alpine',
    arch,
    // The lead adds distro=3.10.4 (and the namespace for Wolfi/Chainguard) after OS detection: see purl.ts.
    purl: osPurl('apk', 'alpine', e.name, e.version, { arch }),
    licenses: splitLicenses(e.license),
    path,
    installedBy: null,
  };
}

export const apkInstalledAnalyzer: Analyzer = {
  id: 'apk-installed',
  version: 1,
  owns: 'os',
  maxBytes: 128 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return entry.path === APK_INSTALLED_PATH;
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    if (content.indexOf(0) >= 0) return { notes: [`${entry.path}: binary data, not an apk database; no packages read`] };
    const { packages, ownedPaths, notes } = parseApkInstalled(content.toString('utf8'), entry.path);
    return notes.length ? { packages, ownedPaths, notes } : { packages, ownedPaths };
  },
};
