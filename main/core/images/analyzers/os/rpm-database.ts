// Red Hat-family and SUSE packages from the rpm database, in whichever of its three backends the
// image has (told apart by content, not by name): SQLite (rpmdb.sqlite), NDB (Packages.db) or
// Berkeley DB hash (Packages); at var/lib/rpm/ or usr/lib/sysimage/rpm/. Each backend yields
// header blobs; rpm-header.ts reads them. Damage is reported in notes, with every package that
// could still be read.
import type { PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { normalisePath } from './dpkg-file-list';
import { splitLicenses } from './license-expression';
import { osPurl } from './purl';
import { readBdbBlobs, isBerkeleyDb } from './rpm-bdb';
import { parseRpmHeader, parseSourceRpm, type RpmHeader } from './rpm-header';
import { readNdbBlobs, isNdb } from './rpm-ndb';
import { isSqlite, readSqliteBlobs, type BlobRead } from './rpm-sqlite';

export const RPM_DATABASE_PATHS = [
  'var/lib/rpm/rpmdb.sqlite',
  'var/lib/rpm/Packages.db',
  'var/lib/rpm/Packages',
  'usr/lib/sysimage/rpm/rpmdb.sqlite',
  'usr/lib/sysimage/rpm/Packages.db',
  'usr/lib/sysimage/rpm/Packages',
] as const;
const WANTED = new Set<string>(RPM_DATABASE_PATHS);

/** A damaged database can have a problem per item; the user needs the first few and a count. */
const MAX_NOTES = 10;

/** rpm's pseudo-packages for imported signing keys. */
const PSEUDO_PACKAGES = new Set(['gpg-pubkey', 'gpg-pubkey-release']);

// A purl namespace guessed from the Vendor tag; the lead replaces it with the OS family (purl.ts).
const VENDOR_NAMESPACES: Array<[string, string]> = [
  ['red hat', 'redhat'],
  ['centos', 'centos'],
  ['fedora', 'fedora'],
  ['opensuse', 'opensuse'],
  ['suse', 'suse'],
  ['rocky', 'rocky'],
  ['almalinux', 'almalinux'],
  ['amazon', 'amzn'],
  ['oracle', 'oracle'],
];

export function vendorNamespace(vendor: string | null): string | null {
  if (!vendor) return null;
  const lower = vendor.toLowerCase();
  return VENDOR_NAMESPACES.find(([needle]) => lower.includes(needle))?.[1] ?? null;
}

export type RpmDbFormat = 'sqlite' | 'ndb' | 'bdb';

export function detectRpmDbFormat(content: Buffer): RpmDbFormat | null {
  if (isSqlite(content)) return 'sqlite';
  if (isNdb(content)) return 'ndb';
  if (isBerkeleyDb(content)) return 'bdb';
  return null;
}

export function readRpmBlobs(content: Buffer): { format: RpmDbFormat | null } & BlobRead {
  const format = detectRpmDbFormat(content);
  switch (format) {
    case 'sqlite':
      return { format, ...readSqliteBlobs(content) };
    case 'ndb':
      return { format, ...readNdbBlobs(content) };
    case 'bdb':
      return { format, ...readBdbBlobs(content) };
    default:
      return { format: null, blobs: [], problems: ['not an rpm database in any known format (SQLite, NDB, Berkeley DB)'] };
  }
}

/** The epoch only when it matters: rpm treats a missing epoch as 0. */
function epochPrefix(epoch: number | null): string {
  return epoch ? `${epoch}:` : '';
}

export function rpmPackageRecord(h: RpmHeader, path: string): PackageRecord {
  const versionRelease = `${h.version}-${h.release}`;
  const source = h.sourceRpm ? parseSourceRpm(h.sourceRpm) : null;
  const namespace = vendorNamespace(h.vendor);
  return {
    type: 'rpm',
    name: h.name,
    // [epoch:]version-release, as rpm compares it and advisories print it.
    version: epochPrefix(h.epoch) + versionRelease,
    sourceName: source?.name ?? h.name,
    // The source rpm's file name has no epoch; it is the binary's (both come from one spec file).
    sourceVersion: source ? epochPrefix(h.epoch) + `${source.version}-${source.release}` : epochPrefix(h.epoch) + versionRelease,
    namespace,
    arch: h.arch,
    // The lead adds distro=rhel-8 (and replaces the vendor-guessed namespace) after OS detection: see purl.ts.
    purl: osPurl('rpm', namespace, h.name, versionRelease, { arch: h.arch, epoch: h.epoch ? String(h.epoch) : null }),
    licenses: splitLicenses(h.license),
    path,
    installedBy: null,
  };
}

export interface RpmDatabaseRead {
  format: RpmDbFormat | null;
  headers: RpmHeader[];
  problems: string[];
}

/** Every real package header in the database (gpg-pubkey left out), and what could not be read. */
export function readRpmDatabase(content: Buffer): RpmDatabaseRead {
  const { format, blobs, problems } = readRpmBlobs(content);
  const headers: RpmHeader[] = [];
  let bad = 0;
  let firstError = '';
  for (const blob of blobs) {
    try {
      const h = parseRpmHeader(blob);
      if (!PSEUDO_PACKAGES.has(h.name)) headers.push(h);
    } catch (error) {
      bad++;
      firstError ||= (error as Error).message;
    }
  }
  if (bad) problems.push(`${bad} damaged package header(s) skipped (first: ${firstError})`);
  return { format, headers, problems };
}

export const rpmDatabaseAnalyzer: Analyzer = {
  id: 'rpm-database',
  version: 1,
  owns: 'os',
  maxBytes: 512 * 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return WANTED.has(entry.path);
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    let read: RpmDatabaseRead;
    try {
      read = readRpmDatabase(content);
    } catch (error) {
      // The readers check every bound; this is the last guard so one file cannot sink a scan.
      return { notes: [`${entry.path}: rpm database could not be read: ${(error as Error).message}`] };
    }
    const packages: PackageRecord[] = [];
    const ownedPaths: string[] = [];
    for (const h of read.headers) {
      packages.push(rpmPackageRecord(h, entry.path));
      for (const file of h.files) {
        const p = normalisePath(file);
        if (p) ownedPaths.push(p);
      }
    }
    const label = read.format ? `${entry.path} (rpm ${read.format} database)` : entry.path;
    const problems = read.problems.length > MAX_NOTES ? [...read.problems.slice(0, MAX_NOTES - 1), `and ${read.problems.length - MAX_NOTES + 1} more problems`] : read.problems;
    const notes = problems.map((p) => `${label}: ${p}`);
    return notes.length ? { packages, ownedPaths, notes } : { packages, ownedPaths };
  },
};
