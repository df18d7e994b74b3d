// Packagist (Composer/PHP) version order: PHP's version_compare() — parts split at . - _ +
// and at digit/non-digit boundaries, numbers by value, words by their special-form rank
// (dev < alpha = a < beta = b < RC = rc < # (a number) < pl = p, anything else first) —
// with Composer's habit of dropping a leading "v". Numbers are exact (PHP saturates at
// LONG_MAX) and characters like "#" stay inside their part instead of vanishing.
import { defineComparator, fail, ok, type Parsed } from './comparator';
import { compareDigits, isAllDigits } from './digits';

export function parse(v: string): Parsed<string[]> {
  const body = v.replace(/^[vV]/, '');
  if (body === '') return fail('empty version');
  const parts = body.match(/[0-9]+|[^0-9.\-_+]+/g);
  return parts ? ok(parts) : fail('no version parts');
}

// PHP's special_forms, matched as prefixes in this order (so "alpha" before "a", "pl" before "p").
const FORMS: Array<[string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

function rank(part: string): number {
  if (isAllDigits(part)) return 4; // a number against a word ranks like "#"
  return FORMS.find(([f]) => part.startsWith(f))?.[1] ?? -1;
}

export function compareParts(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const r = isAllDigits(x) && isAllDigits(y) ? compareDigits(x, y) : rank(x) - rank(y);
    if (r) return r;
  }
  // One ran out: a further number makes the longer one newer; a word is weighed against "#".
  if (a.length > n) return isAllDigits(a[n]!) ? 1 : compareParts(a.slice(n), ['#']);
  if (b.length > n) return isAllDigits(b[n]!) ? -1 : compareParts(['#'], b.slice(n));
  return 0;
}

/** Composer-normalisable versions (not branch names such as "dev-main"). */
export function isValid(v: string): boolean {
  return /^[vV]?[0-9]+(\.[0-9]+)*([-_.+]?[A-Za-z]+[-_.]?[0-9]*(\.[0-9]+)*)*$/.test(v);
}

export const packagist = defineComparator('Packagist', parse, compareParts, isValid);
export const { compare, tryCompare } = packagist;
