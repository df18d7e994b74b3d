// dpkg itself (`dpkg --compare-versions`) as the oracle for dpkg.ts.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as dpkg from './dpkg';
import { gate, oraclePairs, opOf, parseComparisonTable, pick, seeded, versionsOf } from './testing';

const DPKG = '/usr/bin/dpkg';
const mode = gate(existsSync(DPKG), !!process.env.CI);
if (mode === 'skip') console.warn(`skipping dpkg oracle: ${DPKG} not found`);
if (mode === 'fail') it('dpkg is installed', () => expect.fail(`${DPKG} not found and CI is set`));

const FIXTURES = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../../shared/fixtures');

// Each line is "a<TAB>b<TAB>guess"; the guess (our answer) is asked first so most pairs cost
// one dpkg run. Prints <, =, > or E (dpkg refused a version).
const SCRIPT = `
while IFS=$'\\t' read -r a b guess; do
  dpkg --compare-versions "$a" "$guess" "$b" 2>/dev/null; rc=$?
  if [ $rc -eq 0 ]; then [ "$guess" = lt ] && echo '<' || echo '='; continue; fi
  if [ $rc -ne 1 ]; then echo E; continue; fi
  if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo '<'
  elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo '='
  else echo '>'; fi
done`;

function runChunk(lines: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['-c', SCRIPT], { env: { ...process.env, PATH: `${path.dirname(DPKG)}:${process.env.PATH}` } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.on('error', reject);
    p.on('close', () => resolve(out.split('\n').filter(Boolean)));
    p.stdin.end(lines.join('\n') + '\n');
  });
}

/** dpkg's answers (<, =, >, E) for pairs our parser accepts; two shells in parallel. */
async function askDpkg(pairs: Array<[string, string]>): Promise<string[]> {
  // Each pair goes smaller-first by our order, so a dpkg that agrees needs one run per pair.
  const swapped = pairs.map(([a, b]) => dpkg.compare(a, b) > 0);
  const lines = pairs.map(([a, b], i) => {
    const [x, y] = swapped[i] ? [b, a] : [a, b];
    return `${x}\t${y}\t${dpkg.compare(x, y) === 0 ? 'eq' : 'lt'}`;
  });
  const half = Math.ceil(lines.length / 2);
  const [x, y] = await Promise.all([runChunk(lines.slice(0, half)), runChunk(lines.slice(half))]);
  const flip: Record<string, string> = { '<': '>', '>': '<' };
  return [...x, ...y].map((r, i) => (swapped[i] ? (flip[r] ?? r) : r));
}

// Versions built to hit the corners: epochs, '~' (before everything), '+', '.', letters
// against non-letters, leading zeros, revisions, ':' and '-' inside the upstream part.
function generate(rnd: () => number): string {
  const piece = (extra: string[]) =>
    pick(rnd, [
      () => String(Math.floor(rnd() * 20)),
      () => pick(rnd, ['0', '00', '007', '10', '9', '99999999999999999999']),
      () => pick(rnd, ['a', 'b', 'z', 'A', 'Z', 'rc', 'deb', 'ubuntu']),
      () => pick(rnd, ['.', '+', '~', '~~', ...extra]),
    ])();
  const epoch = pick(rnd, ['', '', '', '0:', '1:', '2:', '10:', '00:']);
  const hasRevision = rnd() < 0.6;
  const upstreamExtra = [...(epoch ? [':'] : []), ...(hasRevision ? ['-'] : [])];
  let upstream = rnd() < 0.95 ? String(Math.floor(rnd() * 4)) : pick(rnd, ['a', '~']);
  for (let i = Math.floor(rnd() * 6); i > 0; i--) upstream += piece(upstreamExtra);
  let revision = '';
  if (hasRevision) {
    revision = '-' + (rnd() < 0.5 ? String(Math.floor(rnd() * 4)) : piece([]));
    for (let i = Math.floor(rnd() * 4); i > 0; i--) revision += piece([]);
  }
  return epoch + upstream + revision;
}

describe.runIf(mode === 'run')('dpkg.ts against dpkg --compare-versions', () => {
  it('agrees on table versions and generated corner cases', async () => {
    const rnd = seeded(20240601);
    const fromTables: string[] = [];
    for (const f of ['debian-versions.txt', 'debian-versions-generated.txt']) {
      const file = path.join(FIXTURES, 'versions/osv-scalibr', f);
      if (existsSync(file)) fromTables.push(...versionsOf(parseComparisonTable(readFileSync(file, 'utf8'), 'osv-scalibr')));
    }
    // A sample of the table versions (the tables themselves are checked in fixture-tables.test.ts).
    const tableSample = Array.from({ length: Math.min(600, fromTables.length) }, () => pick(rnd, fromTables));
    const generated = Array.from({ length: 800 }, () => generate(rnd)).filter((v) => dpkg.parse(v).ok);
    const versions = [...new Set([...tableSample, ...generated])];
    const pairs = oraclePairs(versions, dpkg.compare, 800, rnd);

    const answers = await askDpkg(pairs);
    expect(answers).toHaveLength(pairs.length);
    const bad = pairs
      .map(([a, b], i) => ({ a, b, ours: opOf(dpkg.compare(a, b)), dpkg: answers[i] }))
      .filter((r) => r.ours !== r.dpkg);
    console.info(`dpkg oracle: ${pairs.length} pairs (${versions.length - 1} sorted neighbours over ${versions.length} versions), ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  }, 60_000);

  it('refuses exactly the strings dpkg refuses', () => {
    const samples = [':1', '1:', 'a:1', '1.0-', '1 0', '-1', '1:-1', '99999999999:1', ' 1.0 ', '1.0\t', 'abc', '1.0-a-b', '1:2:3', '1.0-1.2~3+4', '~', '0:0', '2147483647:1', '2147483648:1'];
    const disagreements = samples.filter((v) => {
      const r = spawnSync(DPKG, ['--compare-versions', v, 'eq', v], { stdio: ['ignore', 'ignore', 'ignore'] });
      const dpkgRefuses = r.status === 2;
      return dpkgRefuses === dpkg.parse(v).ok;
    });
    expect(disagreements).toEqual([]);
  });
});
