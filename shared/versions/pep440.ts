// PyPI version order: PEP 440 as implemented by `packaging` (grammar from @renovatebot/pep440,
// whose compare() we cannot use directly because it turns numbers into doubles), plus the
// pre-PEP 440 "legacy" order old setuptools used, which sorts below every PEP 440 version.
import { valid } from '@renovatebot/pep440';
import { VERSION_PATTERN } from '@renovatebot/pep440/lib/version';
import { defineComparator, fail, ok, type Parsed } from './comparator';
import { compareDigits, compareStrings, isAllDigits, stripZeros } from './digits';

export interface Pep440 {
  epoch: string;
  release: string[]; // trailing zeros removed, as packaging's sort key does
  pre?: [string, string]; // ['a' | 'b' | 'rc', number]
  post?: string;
  dev?: string;
  local?: string[];
}

export type PyVersion = { kind: 'pep440'; v: Pep440 } | { kind: 'legacy'; parts: string[] };

const PATTERN = new RegExp(`^\\s*${VERSION_PATTERN}\\s*$`, 'i');

const PRE_NAMES: Record<string, string> = { alpha: 'a', a: 'a', beta: 'b', b: 'b', c: 'rc', pre: 'rc', preview: 'rc', rc: 'rc' };

export function parse(v: string): Parsed<PyVersion> {
  if (v.trim() === '') return fail('empty version');
  const g = PATTERN.exec(v)?.groups;
  if (!g) return ok({ kind: 'legacy', parts: legacyParts(v.toLowerCase()) });
  const release = g.release!.split('.').map(stripZeros);
  while (release.length > 1 && release[release.length - 1] === '0') release.pop();
  const out: Pep440 = { epoch: stripZeros(g.epoch ?? '0'), release };
  if (g.pre_l) out.pre = [PRE_NAMES[g.pre_l.toLowerCase()]!, stripZeros(g.pre_n ?? '0')];
  if (g.post_l || g.post_n1) out.post = stripZeros(g.post_n1 ?? g.post_n2 ?? '0');
  if (g.dev_l) out.dev = stripZeros(g.dev_n ?? '0');
  if (g.local) out.local = g.local.toLowerCase().split(/[._-]/);
  return ok({ kind: 'pep440', v: out });
}

/** Strictly PEP 440 (what pip accepts today); legacy strings still compare. */
export function isValid(v: string): boolean {
  return valid(v) !== null;
}

// packaging's _cmpkey, part by part. Absent parts take the sentinels packaging uses.
function comparePep440(a: Pep440, b: Pep440): number {
  return (
    compareDigits(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    compareLocal(a.local, b.local)
  );
}

function compareRelease(a: string[], b: string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const r = compareDigits(a[i] ?? '0', b[i] ?? '0');
    if (r) return r;
  }
  return 0;
}

// A dev release of a final (1.0.dev0) sorts before its pre-releases (1.0a0); a final after them.
function preKey(v: Pep440): [number, string, string] {
  if (!v.pre && v.post === undefined && v.dev !== undefined) return [-1, '', '0'];
  if (!v.pre) return [1, '', '0'];
  return [0, v.pre[0], v.pre[1]];
}

function comparePre(a: Pep440, b: Pep440): number {
  const [ra, la, na] = preKey(a);
  const [rb, lb, nb] = preKey(b);
  return ra - rb || compareStrings(la, lb) || compareDigits(na, nb);
}

/** `absent` is where a missing value sorts: -1 before any number, 1 after. */
function compareOptional(a: string | undefined, b: string | undefined, absent: number): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? absent : -absent;
  return compareDigits(a, b);
}

// No local part sorts first; numeric local parts beat alphanumeric ones; longer wins a tie.
function compareLocal(a: string[] | undefined, b: string[] | undefined): number {
  if (!a || !b) return a === b ? 0 : a ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]!;
    const y = b[i]!;
    const xn = isAllDigits(x);
    const yn = isAllDigits(y);
    const r = xn && yn ? compareDigits(x, y) : xn ? 1 : yn ? -1 : compareStrings(x, y);
    if (r) return r;
  }
  return a.length - b.length;
}

// packaging's LegacyVersion key (_legacy_cmpkey): numbers zero-padded to 8, words starred.
const LEGACY_SPLIT = /(\d+|[a-z]+|\.|-)/;
const LEGACY_MAP: Record<string, string> = { pre: 'c', preview: 'c', '-': 'final-', rc: 'c', dev: '@' };

export function legacyParts(s: string): string[] {
  const parts: string[] = [];
  const pieces = [...s.split(LEGACY_SPLIT).map((p) => LEGACY_MAP[p] ?? p), '*final'];
  for (const raw of pieces) {
    if (raw === '' || raw === '.') continue;
    const part = raw === '*final' ? raw : /^[0-9]/.test(raw) ? raw.padStart(8, '0') : '*' + raw;
    if (part.startsWith('*')) {
      // drop a "-" before a pre-release tag, and trailing zeros of each numeric series
      if (part < '*final') while (parts.at(-1) === '*final-') parts.pop();
      while (parts.at(-1) === '00000000') parts.pop();
    }
    parts.push(part);
  }
  return parts;
}

function compareTuples(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const r = compareStrings(a[i]!, b[i]!);
    if (r) return r;
  }
  return a.length - b.length;
}

export function compareParsed(a: PyVersion, b: PyVersion): number {
  if (a.kind === 'pep440' && b.kind === 'pep440') return comparePep440(a.v, b.v);
  if (a.kind === 'legacy' && b.kind === 'legacy') return compareTuples(a.parts, b.parts);
  return a.kind === 'legacy' ? -1 : 1; // legacy below every PEP 440 version
}

export const pep440 = defineComparator('PyPI', parse, compareParsed, isValid);
export const { compare, tryCompare } = pep440;
