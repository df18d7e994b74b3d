// Alpine apk version order, following apk-tools' src/version.c as shipped in apk-tools 2.x
// (Alpine 3.x): {digit}{.digit}...{letter}{_suffix{#}}...{-r#}. Numbers are compared
// exactly (apk's C int would wrap on 14-digit date suffixes).
import { defineComparator, ok, type Parsed } from './comparator';
import { compareDigits } from './digits';

// Token kinds; their numeric order decides who wins when two versions diverge in shape.
const INVALID = -1;
const DIGIT_OR_ZERO = 0;
const DIGIT = 1;
const LETTER = 2;
const SUFFIX = 3;
const SUFFIX_NO = 4;
const REVISION_NO = 5;
const END = 6;

const PRE_SUFFIXES = ['alpha', 'beta', 'pre', 'rc'];
const POST_SUFFIXES = ['cvs', 'svn', 'git', 'hg', 'p'];

/** A token's value: a digit string, or a small number (zero runs, letters, suffixes). */
type Value = string | number;

interface Cursor {
  s: string;
  pos: number;
  type: number;
}

const isDigitAt = (c: Cursor, k = c.pos) => k < c.s.length && c.s[k]! >= '0' && c.s[k]! <= '9';
const isLowerAt = (c: Cursor) => c.pos < c.s.length && c.s[c.pos]! >= 'a' && c.s[c.pos]! <= 'z';

// apk's next_token: look at the separator after a token and decide the next token's type.
function nextToken(c: Cursor): void {
  let n = INVALID;
  if (c.pos >= c.s.length) n = END;
  else if ((c.type === DIGIT || c.type === DIGIT_OR_ZERO) && isLowerAt(c)) n = LETTER;
  else if (c.type === LETTER && isDigitAt(c)) n = DIGIT;
  else if (c.type === SUFFIX && isDigitAt(c)) n = SUFFIX_NO;
  else {
    const ch = c.s[c.pos];
    if (ch === '.') n = DIGIT_OR_ZERO;
    else if (ch === '_') n = SUFFIX;
    else if (ch === '-') {
      if (c.s[c.pos + 1] === 'r') {
        n = REVISION_NO;
        c.pos++;
      }
    }
    c.pos++;
  }
  if (n < c.type) {
    const allowed =
      (n === DIGIT_OR_ZERO && c.type === DIGIT) ||
      (n === SUFFIX && c.type === SUFFIX_NO) ||
      (n === DIGIT && c.type === LETTER);
    if (!allowed) n = INVALID;
  }
  c.type = n;
}

// apk's get_token: read the token of the current type, then move to the next type.
function getToken(c: Cursor): Value {
  if (c.pos >= c.s.length) {
    c.type = END;
    return 0;
  }
  let v: Value = 0;
  let nt = INVALID;
  const start = c.pos;
  // After a '.', a part starting with zeros is worth minus their count and its remaining
  // digits become a token of their own, so 1.05 < 1.5 and 1.00 < 1.0.
  const zeroRun = c.type === DIGIT_OR_ZERO && c.s[c.pos] === '0';
  switch (zeroRun ? -2 : c.type) {
    case -2:
      while (c.s[c.pos] === '0') c.pos++;
      v = -(c.pos - start);
      nt = DIGIT;
      break;
    case DIGIT_OR_ZERO:
    case DIGIT:
    case SUFFIX_NO:
    case REVISION_NO:
      while (isDigitAt(c)) c.pos++;
      v = c.pos > start ? c.s.slice(start, c.pos) : 0;
      break;
    case LETTER:
      v = c.s.charCodeAt(c.pos++);
      break;
    case SUFFIX: {
      const rest = c.s.slice(c.pos);
      const pre = PRE_SUFFIXES.findIndex((p) => rest.startsWith(p));
      const post = pre < 0 ? POST_SUFFIXES.findIndex((p) => rest.startsWith(p)) : -1;
      if (pre < 0 && post < 0) {
        c.type = INVALID;
        return -1;
      }
      v = pre >= 0 ? pre - PRE_SUFFIXES.length : post;
      c.pos += (pre >= 0 ? PRE_SUFFIXES[pre]! : POST_SUFFIXES[post]!).length;
      break;
    }
    default:
      c.type = INVALID;
      return -1;
  }
  if (c.pos >= c.s.length) c.type = END;
  else if (nt !== INVALID) c.type = nt;
  else nextToken(c);
  return v;
}

// Tokens compared here always have the same type, so a digit string only ever meets another
// digit string, 0 (no digits) or a zero run's negative weight: stand-ins of 0 / Infinity do.
function compareValues(a: Value, b: Value): number {
  if (typeof a === 'string' && typeof b === 'string') return compareDigits(a, b);
  const x = typeof a === 'string' ? (a.replace(/^0+/, '') === '' ? 0 : Infinity) : a;
  const y = typeof b === 'string' ? (b.replace(/^0+/, '') === '' ? 0 : Infinity) : b;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareApk(a: string, b: string): number {
  const ca: Cursor = { s: a, pos: 0, type: DIGIT };
  const cb: Cursor = { s: b, pos: 0, type: DIGIT };
  let av: Value = 0;
  let bv: Value = 0;
  while (ca.type === cb.type && ca.type !== END && ca.type !== INVALID && compareValues(av, bv) === 0) {
    av = getToken(ca);
    bv = getToken(cb);
  }
  const r = compareValues(av, bv);
  if (r) return r;
  if (ca.type === cb.type) return 0;
  // Same so far: the longer one is newer, unless it continues with a pre-release suffix.
  if (ca.type === SUFFIX && compareValues(getToken({ ...ca }), 0) < 0) return -1;
  if (cb.type === SUFFIX && compareValues(getToken({ ...cb }), 0) < 0) return 1;
  return ca.type > cb.type ? -1 : 1;
}

/** apk_version_validate: the whole string is well-formed. */
export function isValid(v: string): boolean {
  const c: Cursor = { s: v, pos: 0, type: DIGIT };
  while (c.type !== END && c.type !== INVALID) getToken(c);
  return c.type === END;
}

/** apk orders any string (a bad tail just ends the walk), so parsing never refuses. */
export function parse(v: string): Parsed<string> {
  return ok(v);
}

export const apk = defineComparator('Alpine', parse, compareApk, isValid);
export const { compare, tryCompare } = apk;
