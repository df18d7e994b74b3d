// RPM version order: [epoch:]version[-release], each part compared by rpmvercmp with the
// rpm >= 4.15 rules for '~' (sorts before anything, even the end) and '^' (sorts after
// the end but before anything else). Used for Red Hat, Rocky, Alma, SUSE, Fedora ...
import { defineComparator, fail, ok, type Parsed } from './comparator';

export interface RpmVersion {
  epoch: string;
  version: string;
  /** undefined when the string had no '-'; sorts before any release. */
  release: string | undefined;
}

const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isAlphaCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const TILDE = 126;
const CARET = 94;

/** rpm's rpmvercmp (rpmio/rpmvercmp.c); ASCII only, anything else is a separator. */
export function rpmvercmp(a: string, b: string): number {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  const at = (s: string, k: number) => s.charCodeAt(k) || 0;
  const isSep = (c: number) => c !== 0 && !isDigitCode(c) && !isAlphaCode(c) && c !== TILDE && c !== CARET;
  while (i < a.length || j < b.length) {
    while (isSep(at(a, i))) i++;
    while (isSep(at(b, j))) j++;
    const ca = at(a, i);
    const cb = at(b, j);
    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    // '^' is like '~', except that the base version (string at its end) sorts lower.
    if (ca === CARET || cb === CARET) {
      if (!ca) return -1;
      if (!cb) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (!ca || !cb) break;
    const isnum = isDigitCode(ca);
    const kind = isnum ? isDigitCode : isAlphaCode;
    let ei = i;
    let ej = j;
    while (ei < a.length && kind(at(a, ei))) ei++;
    while (ej < b.length && kind(at(b, ej))) ej++;
    // Different kinds: a number is newer than letters.
    if (ej === j) return isnum ? 1 : -1;
    let sa = a.slice(i, ei);
    let sb = b.slice(j, ej);
    if (isnum) {
      sa = sa.replace(/^0+/, '');
      sb = sb.replace(/^0+/, '');
      if (sa.length !== sb.length) return sa.length > sb.length ? 1 : -1;
    }
    if (sa !== sb) return sa < sb ? -1 : 1;
    i = ei;
    j = ej;
  }
  const restA = i < a.length;
  const restB = j < b.length;
  if (!restA && !restB) return 0;
  return restA ? 1 : -1;
}

/** Splits like rpm's parseEVR: epoch is leading digits before ':', release after the last '-'. */
export function parse(input: string): Parsed<RpmVersion> {
  if (input.trim() === '') return fail('version string is empty');
  const m = /^([0-9]*):/.exec(input);
  const epoch = m ? m[1] || '0' : '0';
  const vr = m ? input.slice(m[0].length) : input;
  const dash = vr.lastIndexOf('-');
  if (dash < 0) return ok({ epoch, version: vr, release: undefined });
  return ok({ epoch, version: vr.slice(0, dash), release: vr.slice(dash + 1) });
}

export function compareParsed(a: RpmVersion, b: RpmVersion): number {
  const byEV = rpmvercmp(a.epoch, b.epoch) || rpmvercmp(a.version, b.version);
  if (byEV) return byEV;
  // rpm itself ignores a missing release; a total order needs "no release" to sort first.
  if (a.release === undefined || b.release === undefined) {
    return a.release === b.release ? 0 : a.release === undefined ? -1 : 1;
  }
  return rpmvercmp(a.release, b.release);
}

export const rpm = defineComparator('RPM', parse, compareParsed);
export const { compare, tryCompare, isValid } = rpm;
