// Which advisories apply to a package: an image's OS (os-release) to the OSV ecosystem strings
// of its distribution release, and a language package's purl type and name to its OSV
// ecosystem and package name.
import type { OsInfo } from '../../../shared/model/os-info';
import { isOsPackage, type PackageRecord, type PackageType } from '../../../shared/model/package';
import { packageTypeEcosystem } from '../../../shared/model/package-ecosystem';
import { toEcosystem, type Ecosystem } from '../../../shared/versions';
import { DEBIAN_RELEASES } from './debian-tracker-import';

function majorMinor(version: string): [string, string] | null {
  const m = /^(\d+)(?:\.(\d+))?/.exec(version.trim());
  return m ? [String(Number(m[1])), String(Number(m[2] ?? '0'))] : null;
}

function major(version: string): string | null {
  const m = /^(\d+)/.exec(version.trim());
  return m ? String(Number(m[1])) : null;
}

/**
 * The ecosystem strings an OS's packages are filed under, most specific first (OSV naming:
 * https://ossf.github.io/osv-schema/#affectedpackage-field). Empty when the distribution has
 * no advisory feed we read (Amazon Linux, Oracle Linux, CentOS …) or its release is unknown.
 */
export function osEcosystems(os: OsInfo | null): string[] {
  if (!os) return [];
  const family = os.family.trim().toLowerCase();
  const version = os.version.trim();
  switch (family) {
    case 'alpine': {
      if (/edge/i.test(version)) return ['Alpine:edge'];
      const mm = majorMinor(version);
      return mm ? [`Alpine:v${mm[0]}.${mm[1]}`] : [];
    }
    case 'debian': {
      const m = major(version);
      if (m) return [`Debian:${m}`];
      const codename = (os.codename ?? version.split('/')[0] ?? '').toLowerCase();
      const release = DEBIAN_RELEASES[codename];
      return release ? [`Debian:${release}`] : [];
    }
    case 'ubuntu': {
      const mm = /^(\d+)\.(\d+)/.exec(version);
      if (!mm) return [];
      const v = `${mm[1]}.${mm[2]}`;
      const lts = Number(mm[1]) % 2 === 0 && mm[2] === '04';
      return lts ? [`Ubuntu:${v}:LTS`, `Ubuntu:${v}`] : [`Ubuntu:${v}`];
    }
    case 'rocky': {
      const m = major(version);
      return m ? [`Rocky Linux:${m}`] : [];
    }
    case 'almalinux': {
      const m = major(version);
      return m ? [`AlmaLinux:${m}`] : [];
    }
    case 'rhel': {
      const m = major(version);
      return m ? [`Red Hat:${m}`] : [];
    }
    case 'fedora': {
      const m = major(version);
      return m ? [`Fedora:${m}`] : [];
    }
    case 'mageia': {
      const m = major(version);
      return m ? [`Mageia:${m}`] : [];
    }
    case 'opensuse-leap':
      return version ? [`openSUSE:Leap ${version}`] : [];
    case 'opensuse-tumbleweed':
      return ['openSUSE:Tumbleweed'];
    case 'sles':
    case 'sled': {
      const mm = majorMinor(version);
      if (!mm) return [];
      const product = family === 'sles' ? 'Linux Enterprise Server' : 'Linux Enterprise Desktop';
      return [mm[1] === '0' ? `SUSE:${product} ${mm[0]}` : `SUSE:${product} ${mm[0]} SP${mm[1]}`];
    }
    case 'openeuler':
      return version ? [`openEuler:${version}`] : [];
    case 'wolfi':
      return ['Wolfi'];
    case 'chainguard':
      return ['Chainguard'];
    default:
      return [];
  }
}

/** The package manager an OS family uses (a deb in an Alpine image is not matched as Alpine). */
export function osPackageTypeFor(os: OsInfo | null): PackageType | null {
  const eco = osEcosystems(os)[0];
  if (!eco) return null;
  const base = toEcosystem(eco);
  if (base === 'Alpine' || base === 'Wolfi' || base === 'Chainguard') return 'apk';
  if (base === 'Debian' || base === 'Ubuntu') return 'deb';
  return 'rpm';
}

/** purl type → OSV ecosystem for language packages; null for OS package types. */
export function languageEcosystem(type: PackageType): Ecosystem | null {
  return isOsPackage(type) ? null : packageTypeEcosystem[type];
}

/**
 * The name OSV files a language package under: npm '@scope/name', Maven 'group:artifact',
 * Go the module path, Packagist 'vendor/name'. Records that already carry the full name in
 * `name` are taken as they are.
 */
export function osvPackageName(pkg: Pick<PackageRecord, 'type' | 'name' | 'namespace'>): string {
  const ns = pkg.namespace?.trim() || null;
  const name = pkg.name.trim();
  switch (pkg.type) {
    case 'npm':
      if (!ns || name.startsWith('@') || name.includes('/')) return name;
      return `${ns.startsWith('@') ? ns : `@${ns}`}/${name}`;
    case 'maven':
      return !ns || name.includes(':') ? name : `${ns}:${name}`;
    case 'golang':
    case 'composer':
      return !ns || name.includes('/') ? name : `${ns}/${name}`;
    default:
      return name;
  }
}

/** The version OSV compares: Go's stdlib is "1.21.3" where binaries say "go1.21.3". */
export function osvVersion(pkg: Pick<PackageRecord, 'type' | 'name' | 'version'>, name: string): string {
  const v = pkg.version.trim();
  if (pkg.type === 'golang' && (name === 'stdlib' || name === 'toolchain')) return v.replace(/^go/, '');
  return v;
}

/** The ecosystem bases to download for an inventory (for `vigil db update`). */
export function ecosystemsForInventory(os: OsInfo | null, packages: readonly Pick<PackageRecord, 'type'>[]): string[] {
  const out = new Set<string>();
  const osEco = osEcosystems(os)[0];
  if (osEco && packages.some((p) => p.type === 'apk' || p.type === 'deb' || p.type === 'rpm')) out.add(osEco.split(':')[0]!);
  for (const p of packages) {
    const e = languageEcosystem(p.type);
    if (e) out.add(e);
  }
  return [...out].sort();
}
