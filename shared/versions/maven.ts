// Maven version order, following org.apache.maven.artifact.versioning.ComparableVersion
// (maven-artifact 3.8.7, with MNG-6964 and MNG-7644): items split at '.', '-' and digit/letter boundaries, '-' and
// boundaries open a nested list, trailing "null" items (0, "", ga, final) are dropped,
// qualifiers rank alpha < beta < milestone < rc = cr < snapshot < "" = ga = final < sp,
// unknown qualifiers after them in lexical order.
import { defineComparator, fail, ok, type Parsed } from './comparator';
import { compareDigits, compareStrings } from './digits';

type Item = { kind: 'int'; digits: string } | { kind: 'str'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function str(value: string, followedByDigit: boolean): Item {
  // "a1", "b2", "m3" mean alpha-1, beta-2, milestone-3.
  if (followedByDigit && value.length === 1) {
    value = { a: 'alpha', b: 'beta', m: 'milestone' }[value] ?? value;
  }
  return { kind: 'str', value: ALIASES[value] ?? value };
}

function item(isDigit: boolean, text: string): Item {
  return isDigit ? { kind: 'int', digits: text } : str(text, false);
}

// Known qualifiers become their index, unknown ones "7-name", so plain string order ranks them.
function comparableQualifier(q: string): string {
  const i = QUALIFIERS.indexOf(q);
  return i === -1 ? `${QUALIFIERS.length}-${q}` : String(i);
}

function isNull(it: Item): boolean {
  if (it.kind === 'int') return /^0+$/.test(it.digits);
  if (it.kind === 'str') return comparableQualifier(it.value) === RELEASE_INDEX;
  return it.items.length === 0;
}

// ListItem.normalize: drop trailing null items, looking through (not into) nested lists.
function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const it = list[i]!;
    if (isNull(it)) list.splice(i, 1);
    else if (it.kind !== 'list') break;
  }
}

/** ComparableVersion.parseVersion. Any string parses; only an empty one is refused. */
export function parse(version: string): Parsed<Item[]> {
  if (version.trim() === '') return fail('empty version');
  const v = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  const open = () => {
    const sub: Item[] = [];
    list.push({ kind: 'list', items: sub });
    list = sub;
    stack.push(sub);
  };
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v[i]!;
    if (c === '.' || c === '-') {
      list.push(i === start ? { kind: 'int', digits: '0' } : item(isDigit, v.slice(start, i)));
      start = i + 1;
      if (c === '-') open();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // MNG-7644: ".X1" is read like "-X1", so 1.0.0.RC1 < 1.0.0-RC2.
        if (list.length) open();
        list.push(str(v.slice(start, i), true));
        start = i;
        open();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(item(true, v.slice(start, i)));
        start = i;
        open();
      }
      isDigit = false;
    }
  }
  if (v.length > start) {
    if (!isDigit && list.length) open(); // the same .X -> -X rule for a trailing qualifier
    list.push(item(isDigit, v.slice(start)));
  }
  while (stack.length) normalize(stack.pop()!);
  return ok(root);
}

// Item.compareTo; `b` undefined stands for Java's null (the shorter list ran out).
function compareItem(a: Item, b: Item | undefined): number {
  if (a.kind === 'int') {
    if (!b) return isNull(a) ? 0 : 1;
    return b.kind === 'int' ? compareDigits(a.digits, b.digits) : 1;
  }
  if (a.kind === 'str') {
    if (!b) return compareStrings(comparableQualifier(a.value), RELEASE_INDEX);
    if (b.kind === 'str') return compareStrings(comparableQualifier(a.value), comparableQualifier(b.value));
    return -1;
  }
  // MNG-6964: a list against nothing is decided by its first non-null item, not just its first.
  if (!b) {
    for (const it of a.items) {
      const r = compareItem(it, undefined);
      if (r) return r;
    }
    return 0;
  }
  if (b.kind === 'int') return -1;
  if (b.kind === 'str') return 1;
  return compareLists(a.items, b.items);
}

export function compareLists(a: Item[], b: Item[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const l = a[i];
    const r = b[i];
    const result = l === undefined ? (r === undefined ? 0 : -compareItem(r, undefined)) : compareItem(l, r);
    if (result) return result;
  }
  return 0;
}

export const maven = defineComparator('Maven', parse, compareLists);
export const { compare, tryCompare, isValid } = maven;
