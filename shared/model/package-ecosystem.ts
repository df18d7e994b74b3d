// Each package type's versioning ecosystem: whose rules compare its versions, and for language
// packages the OSV ecosystem their advisories are filed under. OS types name their family's rules
// ('Debian' compares like dpkg); which distribution's advisories apply comes from the image's OS.
import type { Ecosystem } from '../versions';
import type { PackageType } from './package';

export const packageTypeEcosystem: Readonly<Record<PackageType, Ecosystem>> = {
  apk: 'Alpine',
  deb: 'Debian',
  rpm: 'RPM',
  npm: 'npm',
  pypi: 'PyPI',
  golang: 'Go',
  maven: 'Maven',
  cargo: 'crates.io',
  gem: 'RubyGems',
  composer: 'Packagist',
};
