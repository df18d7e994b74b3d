// Python's `packaging` (what pip uses) as the oracle for pep440.ts. An extra oracle beyond
// the brief: skipped, with the reason printed, wherever python3 or packaging is missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as pep440 from './pep440';
import { oraclePairs, opOf, parseComparisonTable, pick, seeded, versionsOf } from './testing';

const available = spawnSync('python3', ['-c', 'import packaging.version'], { stdio: 'ignore' }).status === 0;
if (!available) console.warn('skipping PEP 440 oracle: python3 with the packaging module not found');

const FIXTURES = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../../shared/fixtures');

// Reads "a<TAB>b" lines; prints -1/0/1, or E when packaging refuses either version.
const ORACLE = `
import sys
from packaging.version import Version, InvalidVersion
out = []
for line in sys.stdin.read().split("\\n"):
    if not line: continue
    a, b = line.split("\\t")
    try:
        x, y = Version(a), Version(b)
        out.append(str((x > y) - (x < y)))
    except InvalidVersion:
        out.append("E")
print("\\n".join(out))
`;

function askPython(pairs: Array<[string, string]>): string[] {
  const input = pairs.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n';
  const res = spawnSync('python3', ['-c', ORACLE], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (res.status !== 0) throw new Error(`python3 failed: ${res.stderr}`);
  return res.stdout.split('\n').filter(Boolean);
}

// Every PEP 440 part: epochs, long releases, all pre-release spellings and separators,
// implicit and explicit post releases, dev releases, local versions, case, huge numbers.
function generate(rnd: () => number): string {
  const n = () => pick(rnd, [String(Math.floor(rnd() * 4)), '0', '00', '10', '123456789012345678901234567890']);
  let s = pick(rnd, ['', '', '', '1!', '0!', 'v']);
  s += n();
  for (let i = Math.floor(rnd() * 4); i > 0; i--) s += '.' + n();
  const sep = () => pick(rnd, ['', '.', '-', '_']);
  if (rnd() < 0.4) s += sep() + pick(rnd, ['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview', 'RC']) + pick(rnd, ['', n()]);
  if (rnd() < 0.3) s += pick(rnd, ['-' + n(), sep() + pick(rnd, ['post', 'rev', 'r']) + pick(rnd, ['', n()])]);
  if (rnd() < 0.3) s += sep() + pick(rnd, ['dev', 'DEV']) + pick(rnd, ['', n()]);
  if (rnd() < 0.25) s += '+' + pick(rnd, ['local', '1', 'ubuntu.2', 'a-b_c', 'A1', '01.x']);
  return s;
}

describe.runIf(available)('pep440.ts against packaging.version', () => {
  it('agrees on validity and order for table and generated versions', () => {
    const rnd = seeded(440);
    const fromTables: string[] = [];
    for (const f of ['pypi-versions.txt', 'pypi-versions-generated.txt']) {
      const file = path.join(FIXTURES, 'versions/osv-scalibr', f);
      if (existsSync(file)) fromTables.push(...versionsOf(parseComparisonTable(readFileSync(file, 'utf8'), 'osv-scalibr')));
    }
    const all = [...new Set([...fromTables, ...Array.from({ length: 5000 }, () => generate(rnd))])];

    // Validity: packaging accepts exactly what we call PEP 440 (legacy strings are the rest).
    const selfPairs = all.map((v): [string, string] => [v, v]);
    const validity = askPython(selfPairs);
    const validityBad = all.filter((v, i) => (validity[i] !== 'E') !== pep440.isValid(v));
    expect(validityBad).toEqual([]);

    const valid = all.filter((v) => pep440.isValid(v));
    const pairs = oraclePairs(valid, pep440.compare, 20000, rnd);
    const answers = askPython(pairs);
    expect(answers).toHaveLength(pairs.length);
    const bad = pairs.filter(([a, b], i) => opOf(pep440.compare(a, b)) !== opOf(Number(answers[i])));
    console.info(`PEP 440 oracle: ${all.length} versions checked for validity, ${pairs.length} pairs over ${valid.length} valid ones, ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  }, 60_000);
});
