// Maven's own ComparableVersion (the maven-artifact jar Debian's maven package installs) as
// the oracle for maven.ts. An extra oracle beyond the brief: skipped, with the reason
// printed, wherever java or the jar is missing, CI included.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as maven from './maven';
import { oraclePairs, opOf, parseComparisonTable, pick, seeded, versionsOf, type TableRow } from './testing';

const JAR = process.env.VIGIL_MAVEN_ARTIFACT_JAR ?? '/usr/share/maven/lib/maven-artifact-3.x.jar';
const JAVA = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
const available = JAVA && existsSync(JAR);
if (!available) console.warn(`skipping Maven oracle: ${JAVA ? `no ${JAR}` : 'no java'} (set VIGIL_MAVEN_ARTIFACT_JAR)`);

const FIXTURES = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../../shared/fixtures');

const ORACLE = `
import org.apache.maven.artifact.versioning.ComparableVersion;
import java.io.*;
public class MavenOracle {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    StringBuilder out = new StringBuilder();
    for (String line; (line = in.readLine()) != null; ) {
      int t = line.indexOf('\\t');
      int c = new ComparableVersion(line.substring(0, t)).compareTo(new ComparableVersion(line.substring(t + 1)));
      out.append(Integer.signum(c)).append('\\n');
    }
    System.out.print(out);
  }
}`;

function askMaven(pairs: Array<[string, string]>): number[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-maven-'));
  try {
    const src = path.join(dir, 'MavenOracle.java');
    writeFileSync(src, ORACLE);
    const input = pairs.map(([a, b]) => `${a}\t${b}`).join('\n') + '\n';
    const res = spawnSync('java', ['-cp', JAR, src], { input, encoding: 'utf8', maxBuffer: 64 << 20 });
    if (res.status !== 0) throw new Error(`java failed: ${res.stderr}`);
    return res.stdout.split('\n').filter(Boolean).map(Number);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Numbers (zero-padded, huge), every known qualifier and alias in mixed case, unknown ones,
// and all the separators, including empty parts ("1..2", "1--2", trailing ones).
function generate(rnd: () => number): string {
  const word = () =>
    pick(rnd, ['alpha', 'a', 'beta', 'b', 'milestone', 'm', 'rc', 'cr', 'RC', 'snapshot', 'SNAPSHOT', 'ga', 'final', 'release', 'sp', 'foo', 'x', 'Final', 'GA']);
  const num = () => pick(rnd, [String(Math.floor(rnd() * 12)), '0', '00', '01', '1234567890123', '123456789012345678901234']);
  let s = num();
  for (let i = Math.floor(rnd() * 6); i > 0; i--) {
    s += pick(rnd, ['.', '.', '-', '', '']) + (rnd() < 0.5 ? num() : word());
  }
  return s + pick(rnd, ['', '', '', '.', '-']);
}

describe.runIf(available)('maven.ts against maven-artifact ComparableVersion', () => {
  it('agrees on every table row, table versions in order, and generated versions', () => {
    const rnd = seeded(7644);
    const rows: TableRow[] = [];
    for (const f of ['maven-versions.txt', 'maven-versions-generated.txt']) {
      const file = path.join(FIXTURES, 'versions/osv-scalibr', f);
      if (existsSync(file)) rows.push(...parseComparisonTable(readFileSync(file, 'utf8'), 'osv-scalibr'));
    }
    const generated = Array.from({ length: 4000 }, () => generate(rnd));
    const versions = [...new Set([...versionsOf(rows), ...generated])];
    const pairs = [...rows.map((r): [string, string] => [r.a, r.b]), ...oraclePairs(versions, maven.compare, 20000, rnd)];

    const answers = askMaven(pairs);
    expect(answers).toHaveLength(pairs.length);
    const bad = pairs.filter(([a, b], i) => opOf(maven.compare(a, b)) !== opOf(answers[i]));
    console.info(`Maven oracle: ${pairs.length} pairs over ${versions.length} versions, ${bad.length} mismatches`);
    expect(bad).toEqual([]);
  }, 60_000);
});
