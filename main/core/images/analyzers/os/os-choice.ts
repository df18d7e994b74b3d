// Merge-time OS decision, for the lead: an image can hold several release files (Debian has
// os-release and debian_version; Ubuntu also has a debian_version that says "bookworm/sid"), and
// a distroless image has none at all, only its dpkg database. Give `pickOs` every OsInfo the
// final (merged) file system yielded, plus `osFromDpkgPackages(packages)` for distroless.
import type { OsInfo } from '../../../../../shared/model/os-info';
import type { PackageRecord } from '../../../../../shared/model/package';

/** Lower rank wins. os-release is the standard; lsb-release beats debian_version (Ubuntu has both). */
const RANK: Record<string, number> = {
  'etc/os-release': 0,
  'usr/lib/os-release': 1,
  'etc/alpine-release': 2,
  'etc/redhat-release': 3,
  'etc/centos-release': 4,
  'etc/system-release': 5,
  'etc/lsb-release': 6,
  'etc/debian_version': 7,
};
const DPKG_RANK = 8;
const UNKNOWN_RANK = 9;

function rank(os: OsInfo): number {
  return RANK[os.source] ?? (os.source.startsWith('var/lib/dpkg/') ? DPKG_RANK : UNKNOWN_RANK);
}

/**
 * The most authoritative OsInfo. A missing version or codename (Debian testing's os-release has
 * no VERSION_ID) is filled from a lower-ranked file of the same family.
 */
export function pickOs(candidates: ReadonlyArray<OsInfo | null | undefined>): OsInfo | null {
  const sorted = candidates.filter((c): c is OsInfo => !!c).sort((a, b) => rank(a) - rank(b));
  const best = sorted[0];
  if (!best) return null;
  const sameFamily = sorted.slice(1).filter((c) => c.family === best.family);
  return {
    ...best,
    version: best.version || (sameFamily.find((c) => c.version)?.version ?? ''),
    codename: best.codename ?? sameFamily.find((c) => c.codename)?.codename ?? null,
    prettyName: best.prettyName ?? sameFamily.find((c) => c.prettyName)?.prettyName ?? null,
  };
}

const DEBIAN_CODENAMES: Record<string, string> = {
  '7': 'wheezy',
  '8': 'jessie',
  '9': 'stretch',
  '10': 'buster',
  '11': 'bullseye',
  '12': 'bookworm',
  '13': 'trixie',
  '14': 'forky',
};

/**
 * Distroless images (gcr.io/distroless) may carry no release file, only dpkg's status.d. They
 * are Debian: the major version comes from the base-files package ("12.4+deb12u5" → "12"), and
 * is '' when there is no base-files. Null when no dpkg package suggests Debian.
 */
export function osFromDpkgPackages(packages: readonly PackageRecord[]): OsInfo | null {
  const debs = packages.filter((p) => p.type === 'deb');
  if (debs.length === 0) return null;
  const baseFiles = debs.find((p) => p.name === 'base-files');
  if (baseFiles) {
    if (baseFiles.version.toLowerCase().includes('ubuntu')) return null; // Ubuntu always has os-release
    let end = 0;
    while (end < baseFiles.version.length && /[0-9]/.test(baseFiles.version[end] as string)) end++;
    const version = baseFiles.version.slice(0, end);
    return {
      family: 'debian',
      version,
      codename: DEBIAN_CODENAMES[version] ?? null,
      prettyName: null,
      source: baseFiles.path,
    };
  }
  const statusD = debs.find((p) => p.path.startsWith('var/lib/dpkg/status.d/'));
  if (!statusD) return null;
  return { family: 'debian', version: '', codename: null, prettyName: null, source: statusD.path };
}
