// Whole rpm package strings: [name-][epoch:]version-release[.arch], as rpmdb and advisories
// print them ("openssl-libs-1:3.0.7-27.el9.x86_64"). Follows claircore's rpmver: the name
// is everything before the second-to-last '-', and an arch is only split off when it is a
// known one, since ".el9" or ".fc39" are release parts.
import { defineComparator, fail, ok, type Parsed } from './comparator';
import { compareStrings } from './digits';
import { rpmvercmp } from './rpm';

export interface Nevra {
  name?: string;
  epoch: string;
  version: string;
  release: string;
  arch?: string;
}

const ARCHES = new Set([
  'noarch', 'src', 'nosrc', 'x86_64', 'i386', 'i486', 'i586', 'i686', 'athlon', 'aarch64', 'armv7hl',
  'armv7l', 'armv6hl', 'ppc', 'ppc64', 'ppc64le', 's390', 's390x', 'riscv', 'riscv64', 'loongarch64', 'mips64el',
]);

export function parse(s: string): Parsed<Nevra> {
  const dashes = s.split('-').length - 1;
  if (dashes === 0) return fail('needs at least version-release');
  let rest = s;
  let name: string | undefined;
  if (dashes >= 2) {
    const cut = s.lastIndexOf('-', s.lastIndexOf('-') - 1);
    name = s.slice(0, cut);
    rest = s.slice(cut + 1);
  }
  const dash = rest.indexOf('-');
  let version = rest.slice(0, dash);
  let release = rest.slice(dash + 1);
  let epoch = '0';
  const colon = version.indexOf(':');
  if (colon >= 0) {
    epoch = version.slice(0, colon) || '0';
    version = version.slice(colon + 1);
  }
  let arch: string | undefined;
  const dot = release.lastIndexOf('.');
  if (dot >= 0 && ARCHES.has(release.slice(dot + 1))) {
    arch = release.slice(dot + 1);
    release = release.slice(0, dot);
  }
  return ok({ name, epoch, version, release, arch });
}

// A part that is present sorts after one that is absent.
function optional(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareStrings(a, b);
}

export function compareParsed(a: Nevra, b: Nevra): number {
  return (
    optional(a.name, b.name) ||
    rpmvercmp(a.epoch, b.epoch) ||
    rpmvercmp(a.version, b.version) ||
    rpmvercmp(a.release, b.release) ||
    optional(a.arch, b.arch)
  );
}

export const nevra = defineComparator('RPM NEVRA', parse, compareParsed);
export const { compare, tryCompare, isValid } = nevra;
