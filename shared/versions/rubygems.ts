// RubyGems version order (Gem::Version#<=>): "-" means ".pre.", the string splits into runs
// of digits and runs of letters, trailing zeros of the release and of the pre-release part
// are dropped, and a letter segment (a pre-release) sorts before any number.
import { defineComparator, fail, ok, type Parsed } from './comparator';
import { compareDigits, compareStrings, isAllDigits } from './digits';

// Gem::Version::ANCHORED_VERSION_PATTERN
const VALID = /^\s*([0-9]+(?:\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?\s*$/;

export function isValid(v: string): boolean {
  return v.trim() !== '' && VALID.test(v);
}

/**
 * Gem::Version#canonical_segments. Like OSV, also reads strings RubyGems itself would refuse
 * ("1beta"); isValid is the strict check. Only strings with no digits or letters fail.
 */
export function parse(v: string): Parsed<string[]> {
  if (!/[0-9a-z]/i.test(v)) return fail('no digits or letters');
  const s = v.trim().replace(/-/g, '.pre.');
  const segs = s.match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstWord = segs.findIndex((x) => !isAllDigits(x));
  const release = firstWord < 0 ? segs : segs.slice(0, firstWord);
  const pre = firstWord < 0 ? [] : segs.slice(firstWord);
  return ok([...dropZeros(release), ...dropZeros(pre)]);
}

function dropZeros(segs: string[]): string[] {
  let end = segs.length;
  while (end > 0 && isAllDigits(segs[end - 1]!) && /^0+$/.test(segs[end - 1]!)) end--;
  return segs.slice(0, end);
}

export function compareSegments(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '0';
    const y = b[i] ?? '0';
    const xn = isAllDigits(x);
    const yn = isAllDigits(y);
    const r = xn && yn ? compareDigits(x, y) : xn ? 1 : yn ? -1 : compareStrings(x, y);
    if (r) return r;
  }
  return 0;
}

export const rubygems = defineComparator('RubyGems', parse, compareSegments, isValid);
export const { compare, tryCompare } = rubygems;
