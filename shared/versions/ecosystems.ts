// The OSV ecosystem names Vigil can order, and which rules each one uses.
import { apk } from './apk';
import type { Comparator } from './comparator';
import { dpkg } from './dpkg';
import { go } from './go';
import { maven } from './maven';
import { nuget } from './nuget';
import { packagist } from './packagist';
import { pep440 } from './pep440';
import { rpm } from './rpm';
import { rubygems } from './rubygems';
import { semver } from './semver';

// OSV ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field) we can order,
// plus 'RPM' as a generic name for rpm-based distributions.
export const ECOSYSTEMS = [
  'Debian',
  'Ubuntu',
  'Alpine',
  'Wolfi',
  'Chainguard',
  'RPM',
  'Red Hat',
  'Rocky Linux',
  'AlmaLinux',
  'openSUSE',
  'SUSE',
  'Fedora',
  'Mageia',
  'openEuler',
  'npm',
  'PyPI',
  'Maven',
  'Go',
  'crates.io',
  'Hex',
  'RubyGems',
  'Packagist',
  'NuGet',
] as const;

export type Ecosystem = (typeof ECOSYSTEMS)[number];

type Family = Comparator<unknown>;

const FAMILY: Record<Ecosystem, Family> = {
  Debian: dpkg,
  Ubuntu: dpkg,
  Alpine: apk,
  Wolfi: apk,
  Chainguard: apk,
  RPM: rpm,
  'Red Hat': rpm,
  'Rocky Linux': rpm,
  AlmaLinux: rpm,
  openSUSE: rpm,
  SUSE: rpm,
  Fedora: rpm,
  Mageia: rpm,
  openEuler: rpm,
  npm: semver,
  PyPI: pep440,
  Maven: maven,
  Go: go,
  'crates.io': semver,
  Hex: semver,
  RubyGems: rubygems,
  Packagist: packagist,
  NuGet: nuget,
};

// One comparator per ecosystem name, so error messages say "npm", not "SemVer".
const BY_NAME = new Map<Ecosystem, Family>(ECOSYSTEMS.map((e) => [e, FAMILY[e].withName(e)]));

/**
 * Maps an OSV ecosystem string to one we order. OSV appends a release ("Debian:12",
 * "Alpine:v3.18", "Ubuntu:22.04:LTS", "Red Hat:enterprise_linux:9::appstream"); only the
 * part before the first ':' picks the rules. Unknown names give undefined.
 */
export function toEcosystem(name: string): Ecosystem | undefined {
  const base = name.split(':')[0]!.trim();
  return (ECOSYSTEMS as readonly string[]).includes(base) ? (base as Ecosystem) : undefined;
}

export function comparatorFor(ecosystem: Ecosystem): Comparator<unknown> {
  const c = BY_NAME.get(ecosystem);
  if (!c) throw new Error(`no version ordering for ecosystem ${JSON.stringify(ecosystem)}`);
  return c;
}
