// rpm itself as the oracle for rpm.ts: rpm.vercmp (rpmvercmp) for single version parts and
// rpm.ver comparisons (epoch:version-release) for whole EVRs, batched in one Lua script.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as rpm from './rpm';
import { gate, oraclePairs, opOf, parseComparisonTable, pick, seeded, versionsOf } from './testing';

const RPM = '/usr/bin/rpm';
const mode = gate(existsSync(RPM), !!process.env.CI);
if (mode === 'skip') console.warn(`skipping rpm oracle: ${RPM} not found`);
if (mode === 'fail') it('rpm is installed', () => expect.fail(`${RPM} not found and CI is set`));

const FIXTURES = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../../shared/fixtures');

/** Runs "kind<TAB>a<TAB>b" lines through rpm's Lua; one answer (-1/0/1) per line. */
function askRpm(lines: Array<['vercmp' | 'evr', string, string]>): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-rpm-'));
  try {
    const input = path.join(dir, 'pairs.tsv');
    writeFileSync(input, lines.map((l) => l.join('\t')).join('\n') + '\n');
    const lua = `%{lua:
for line in io.lines(${JSON.stringify(input)}) do
  local kind, a, b = line:match("^([^\\t]*)\\t([^\\t]*)\\t([^\\t]*)$")
  local r
  if kind == "vercmp" then r = rpm.vercmp(a, b)
  else
    local va, vb = rpm.ver(a), rpm.ver(b)
    r = (va < vb) and -1 or ((va == vb) and 0 or 1)
  end
  io.stdout:write(r, "\\n")
end
}`;
    const res = spawnSync(RPM, ['--eval', lua], { encoding: 'utf8', maxBuffer: 64 << 20 });
    if (res.status !== 0) throw new Error(`rpm failed: ${res.stderr}`);
    return res.stdout.split('\n').filter((l) => /^-?\d+$/.test(l)).map(Number);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One version part: digit runs (leading zeros, long runs), letters of both cases, every kind
// of separator, '~' and '^', and a non-ASCII letter (a separator to rpm).
function part(rnd: () => number, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    s += pick(rnd, [
      () => String(Math.floor(rnd() * 12)),
      () => pick(rnd, ['0', '00', '010', '12345678901234567890']),
      () => pick(rnd, ['a', 'b', 'z', 'A', 'Z', 'rc', 'git', 'el', 'fc']),
      () => pick(rnd, ['.', '.', '_', '+', '~', '^', '~~', '^^', 'α']),
    ])();
  }
  return s;
}

function evr(rnd: () => number): string {
  const epoch = pick(rnd, ['', '', '', '0:', '1:', '2:', '01:', '10:']);
  const clean = (s: string) => s.replace(/[-:]/g, '.');
  return `${epoch}${clean(part(rnd, 1 + Math.floor(rnd() * 5))) || '1'}-${clean(part(rnd, 1 + Math.floor(rnd() * 4))) || '1'}`;
}

describe.runIf(mode === 'run')('rpm.ts against rpm', () => {
  it('rpmvercmp agrees with rpm.vercmp on table parts and generated ones', () => {
    const rnd = seeded(4150);
    const table = path.join(FIXTURES, 'versions/claircore-rpmver/rpmvercmp');
    const fromTable = existsSync(table) ? versionsOf(parseComparisonTable(readFileSync(table, 'utf8'), 'claircore')) : [];
    const generated = Array.from({ length: 4000 }, () => part(rnd, 1 + Math.floor(rnd() * 7))).filter((s) => s !== '');
    const versions = [...new Set([...fromTable, ...generated])];
    const pairs = oraclePairs(versions, rpm.rpmvercmp, 12000, rnd);
    // Every table part against every other one as well: a few thousand more, still one rpm run.
    for (const a of fromTable) for (const b of fromTable) pairs.push([a, b]);

    const answers = askRpm(pairs.map(([a, b]) => ['vercmp', a, b]));
    expect(answers).toHaveLength(pairs.length);
    const bad = pairs.filter(([a, b], i) => opOf(rpm.rpmvercmp(a, b)) !== opOf(answers[i]));
    console.info(`rpm.vercmp oracle: ${pairs.length} pairs over ${versions.length} parts, ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  });

  it('compare agrees with rpm.ver ordering on epoch:version-release', () => {
    const rnd = seeded(9);
    const versions = [...new Set(Array.from({ length: 4000 }, () => evr(rnd)))];
    const pairs = oraclePairs(versions, rpm.compare, 12000, rnd);
    const answers = askRpm(pairs.map(([a, b]) => ['evr', a, b]));
    expect(answers).toHaveLength(pairs.length);
    const bad = pairs.filter(([a, b], i) => opOf(rpm.compare(a, b)) !== opOf(answers[i]));
    console.info(`rpm.ver oracle: ${pairs.length} pairs over ${versions.length} EVRs, ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  });
});
