// Tests that need a real Docker engine, Chromium or ../shared/fixtures skip with a printed reason
// on a machine without them, and fail instead in CI (CI=true or VIGIL_REQUIRE_ALL=1), so a suite
// can never go green by silently skipping them.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const strict = Boolean(process.env.CI || process.env.VIGIL_REQUIRE_ALL);

export interface Requirement {
  available: boolean;
  reason: string;
}

function check(name: string, probe: () => string | null): Requirement {
  const problem = probe();
  if (problem === null) return { available: true, reason: '' };
  const reason = `${name}: ${problem}`;
  if (strict) {
    throw new Error(`${reason} — required in CI (CI or VIGIL_REQUIRE_ALL is set), so this is a failure, not a skip`);
  }
  console.warn(`[skip] ${reason}`);
  return { available: false, reason };
}

export function requireDocker(): Requirement {
  return check('Docker engine', () => {
    try {
      execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 15_000 });
      return null;
    } catch (error) {
      return `not reachable through the docker CLI (${(error as Error).message.split('\n')[0]})`;
    }
  });
}

export const chromiumPath = process.env.VIGIL_CHROMIUM ?? '/usr/bin/chromium';

export function requireChromium(): Requirement {
  return check('Chromium', () => (fs.existsSync(chromiumPath) ? null : `${chromiumPath} is missing (apt-get install chromium)`));
}

export const fixturesDir = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../../shared/fixtures');

export function requireFixtures(): Requirement {
  return check('Fixtures', () => (fs.existsSync(fixturesDir) ? null : `${fixturesDir} is absent (set VIGIL_FIXTURES)`));
}

export function requireBuild(): Requirement {
  const index = path.resolve(__dirname, '../../dist/renderer/index.html');
  const cli = path.resolve(__dirname, '../../dist/main/cli.js');
  return check('Build', () => (fs.existsSync(index) && fs.existsSync(cli) ? null : 'dist/ is missing; run npm run build'));
}

/** ClamAV's daemon and scanner (Debian: clamav-daemon, clamav); clamd lives in /usr/sbin, off a user's PATH. */
export const clamdPath = process.env.VIGIL_CLAMD ?? ['/usr/sbin/clamd', '/usr/local/sbin/clamd', '/usr/bin/clamd'].find((p) => fs.existsSync(p)) ?? '/usr/sbin/clamd';
export const clamscanPath = process.env.VIGIL_CLAMSCAN ?? ['/usr/bin/clamscan', '/usr/local/bin/clamscan'].find((p) => fs.existsSync(p)) ?? '/usr/bin/clamscan';

export function requireClamd(): Requirement {
  return check('ClamAV', () => {
    const missing = [clamdPath, clamscanPath].filter((p) => !fs.existsSync(p));
    return missing.length === 0 ? null : `${missing.join(' and ')} missing (apt-get install clamav clamav-daemon)`;
  });
}
