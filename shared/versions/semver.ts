// SemVer 2.0 order for npm, crates.io, Hex (and Go via go.ts). Strict versions are parsed
// by the `semver` package; anything else is coerced the way OSV's semantic package does
// (optional "v", any number of numeric parts, extra parts folded into the pre-release),
// because advisories carry versions like "1.1.3.4" or 30-digit test values.
import { parse as parseStrict } from 'semver';
import { defineComparator, fail, ok, type Parsed } from './comparator';
import { compareDigits, compareStrings, isAllDigits } from './digits';

export interface SemverLike {
  /** major, minor, patch (NuGet: and revision) as digit strings, exact, no overflow. */
  core: string[];
  /** pre-release identifiers; empty for a release. Build metadata is dropped. */
  pre: string[];
  /** true when the `semver` package accepted the string as-is. */
  strict: boolean;
}

export function parse(v: string): Parsed<SemverLike> {
  const s = parseStrict(v);
  if (s) {
    return ok({ core: [String(s.major), String(s.minor), String(s.patch)], pre: s.prerelease.map(String), strict: true });
  }
  return coerce(v, 3);
}

/**
 * OSV-style loose reading: numeric parts split by '.', the rest (from the first other
 * character) is a pre-release-or-build tail; parts beyond `keep` join that tail.
 */
export function coerce(v: string, keep: number): Parsed<SemverLike> {
  const body = v.startsWith('v') ? v.slice(1) : v;
  const m = /^[0-9]+(?:\.+[0-9]+)*\.*/.exec(body);
  if (!m) return fail('does not start with a number');
  const nums = m[0].split('.').filter((p) => p !== '');
  let tail = body.slice(m[0].length);
  for (const extra of nums.slice(keep)) tail += '.' + extra.replace(/^0+(?=.)/, '');
  const pre = tail.split('+')[0]!.replace(/^-/, '');
  return ok({ core: nums.slice(0, keep), pre: pre === '' ? [] : pre.split('.'), strict: false });
}

/** SemVer 2.0 §11 precedence of pre-release identifier lists; a release sorts last. */
export function comparePrerelease(a: string[], b: string[], fold: (s: string) => string = (s) => s): number {
  if (!a.length || !b.length) return a.length === b.length ? 0 : a.length ? -1 : 1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = fold(a[i]!);
    const y = fold(b[i]!);
    const xn = isAllDigits(x);
    const yn = isAllDigits(y);
    const r = xn && yn ? compareDigits(x, y) : xn ? -1 : yn ? 1 : compareStrings(x, y);
    if (r) return r;
  }
  return a.length - b.length;
}

/** Numeric parts in order, missing ones counting as 0. */
export function compareCore(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const r = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (r) return r;
  }
  return 0;
}

export function compareParsed(a: SemverLike, b: SemverLike): number {
  return compareCore(a.core, b.core) || comparePrerelease(a.pre, b.pre);
}

export const semver = defineComparator('SemVer', parse, compareParsed, (v) => parseStrict(v) !== null);
export const { compare, tryCompare, isValid } = semver;
