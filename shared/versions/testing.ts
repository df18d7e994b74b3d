// Support for this folder's tests only. Pure (no node:*): callers read the files and the
// environment and hand the text and facts in.

export type Op = '<' | '=' | '>';

export interface TableRow {
  a: string;
  op: Op;
  b: string;
  /** 1-based line in the source file, for failure messages. */
  line: number;
}

/**
 * Reads an "a op b" comparison table. osv-scalibr skips blank lines and lines that start
 * with "# " or "// " (so "#foo" would be data); claircore skips lines starting with "#"
 * and writes equality as "==".
 */
export function parseComparisonTable(text: string, style: 'osv-scalibr' | 'claircore'): TableRow[] {
  const rows: TableRow[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '') return;
    if (style === 'osv-scalibr' && (line.startsWith('# ') || line.startsWith('// '))) return;
    if (style === 'claircore' && (line.trim() === '' || line.startsWith('#'))) return;
    const parts = style === 'osv-scalibr' ? line.split(' ') : line.trim().split(/\s+/);
    if (parts.length !== 3) throw new Error(`line ${i + 1}: expected "a op b", got ${JSON.stringify(line)}`);
    const [a, rawOp, b] = parts as [string, string, string];
    const op = rawOp === '==' ? '=' : rawOp;
    if (op !== '<' && op !== '=' && op !== '>') throw new Error(`line ${i + 1}: unknown operator ${rawOp}`);
    rows.push({ a, op, b, line: i + 1 });
  });
  return rows;
}

export function signOf(op: Op): number {
  return op === '<' ? -1 : op === '>' ? 1 : 0;
}

export function opOf(sign: number | undefined): Op | 'error' {
  if (sign === undefined || Number.isNaN(sign)) return 'error';
  return sign < 0 ? '<' : sign > 0 ? '>' : '=';
}

/**
 * Rows where compare(a, b) disagrees with the table, checked both ways round
 * (compare(b, a) must give the opposite), as osv-scalibr's own runner does.
 */
export function mismatches(rows: TableRow[], compare: (a: string, b: string) => number): string[] {
  const out: string[] = [];
  const safe = (x: string, y: string) => {
    try {
      return compare(x, y);
    } catch {
      return undefined;
    }
  };
  for (const r of rows) {
    const fwd = opOf(safe(r.a, r.b));
    const back = opOf(safe(r.b, r.a));
    const wantBack = r.op === '<' ? '>' : r.op === '>' ? '<' : '=';
    if (fwd !== r.op || back !== wantBack) out.push(`line ${r.line}: ${r.a} ${r.op} ${r.b} (got ${fwd}, reversed ${back})`);
  }
  return out;
}

/**
 * What a test should do about a missing fixture folder or oracle binary: run when it is
 * there, skip with a reason on a developer's fresh clone, fail when CI promised it.
 */
export function gate(present: boolean, ci: boolean): 'run' | 'skip' | 'fail' {
  if (present) return 'run';
  return ci ? 'fail' : 'skip';
}

/** Small seeded PRNG (mulberry32), so generated cases are the same on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rnd: () => number, items: readonly T[]): T {
  return items[Math.floor(rnd() * items.length)]!;
}

/** Distinct versions from table rows (both sides). */
export function versionsOf(rows: TableRow[]): string[] {
  return [...new Set(rows.flatMap((r) => [r.a, r.b]))];
}

/**
 * Pairs to send to an oracle: neighbours in our own sorted order (if the oracle agrees on
 * every neighbour, its order on the whole set is ours, as both orders are transitive) plus
 * random pairs, which catch a comparator that is not transitive.
 */
export function oraclePairs(
  versions: string[],
  compare: (a: string, b: string) => number,
  randomPairs: number,
  rnd: () => number,
): Array<[string, string]> {
  const sorted = [...versions].sort(compare);
  const pairs: Array<[string, string]> = [];
  for (let i = 1; i < sorted.length; i++) pairs.push([sorted[i - 1]!, sorted[i]!]);
  for (let i = 0; i < randomPairs; i++) pairs.push([pick(rnd, versions), pick(rnd, versions)]);
  return pairs;
}
