// Debian version order (deb-version(7)): [epoch:]upstream[-revision], compared the way
// dpkg's verrevcmp does. Also used for Ubuntu.
import { defineComparator, fail, ok, type Parsed } from './comparator';

export interface DpkgVersion {
  epoch: number;
  upstream: string;
  revision: string;
}

const INT_MAX = 2147483647;

/**
 * Parses like dpkg's parseversion. Errors dpkg treats as fatal are refused; its mere
 * warnings (upstream not starting with a digit, odd characters) are accepted, as
 * `dpkg --compare-versions` does — use isStrictlyValid for policy conformance.
 */
export function parse(input: string): Parsed<DpkgVersion> {
  const s = input.replace(/^[ \t]+/, '').replace(/[ \t]+$/, '');
  if (s === '') return fail('version string is empty');
  if (/[ \t]/.test(s)) return fail('version string has embedded spaces');
  let rest = s;
  let epoch = 0;
  const colon = s.indexOf(':');
  if (colon >= 0) {
    const e = s.slice(0, colon);
    if (e === '') return fail('epoch in version is empty');
    if (!/^[0-9]+$/.test(e)) return fail('epoch in version is not number');
    epoch = Number(e);
    if (epoch > INT_MAX) return fail('epoch in version is too big');
    rest = s.slice(colon + 1);
    if (rest === '') return fail('nothing after colon in version number');
  }
  let upstream = rest;
  let revision = '';
  const hyphen = rest.lastIndexOf('-');
  if (hyphen >= 0) {
    upstream = rest.slice(0, hyphen);
    revision = rest.slice(hyphen + 1);
    if (revision === '') return fail('revision number is empty');
  }
  if (upstream === '') return fail('version number is empty');
  return ok({ epoch, upstream, revision });
}

/** True when dpkg would accept the string without even a warning. */
export function isStrictlyValid(v: string): boolean {
  const p = parse(v);
  if (!p.ok) return false;
  const { upstream, revision } = p.value;
  return /^[0-9][A-Za-z0-9.+~:-]*$/.test(upstream) && /^[A-Za-z0-9.+~]*$/.test(revision);
}

// Sort weight of one non-digit character: '~' before the end of string, the end before
// letters, letters before everything else.
function order(c: number): number {
  if (c >= 48 && c <= 57) return 0;
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) return c;
  if (c === 126) return -1;
  if (c) return c + 256;
  return 0;
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;

/** dpkg's verrevcmp over one part (upstream or revision). */
export function verrevcmp(a: string, b: string): number {
  let i = 0;
  let j = 0;
  // charCodeAt past the end is NaN; `|| 0` turns it into C's terminating NUL.
  const at = (s: string, k: number) => s.charCodeAt(k) || 0;
  while (i < a.length || j < b.length) {
    let firstDiff = 0;
    while ((i < a.length && !isDigitCode(at(a, i))) || (j < b.length && !isDigitCode(at(b, j)))) {
      const ac = order(at(a, i));
      const bc = order(at(b, j));
      if (ac !== bc) return ac - bc;
      i++;
      j++;
    }
    while (at(a, i) === 48) i++;
    while (at(b, j) === 48) j++;
    while (isDigitCode(at(a, i)) && isDigitCode(at(b, j))) {
      if (!firstDiff) firstDiff = at(a, i) - at(b, j);
      i++;
      j++;
    }
    if (isDigitCode(at(a, i))) return 1;
    if (isDigitCode(at(b, j))) return -1;
    if (firstDiff) return firstDiff;
  }
  return 0;
}

export function compareParsed(a: DpkgVersion, b: DpkgVersion): number {
  if (a.epoch !== b.epoch) return a.epoch < b.epoch ? -1 : 1;
  return verrevcmp(a.upstream, b.upstream) || verrevcmp(a.revision, b.revision);
}

// isValid is the strict check; compare still accepts what dpkg only warns about.
export const dpkg = defineComparator('Debian', parse, compareParsed, isStrictlyValid);
export const { compare, tryCompare, isValid } = dpkg;
