// For `npm run bench:scan`: how many packages per second matchPackages checks against a DB.
// Prints nothing; the bench prints the table.
import type { OsInfo } from '../../../shared/model/os-info';
import type { PackageRecord } from '../../../shared/model/package';
import { matchInventory } from './match-packages';
import type { VulnDb } from './vulndb';

export interface MatchingMeasurement {
  /** Steady state: the best of the timed rounds after the first (rows parsed and cached). */
  packagesPerSecond: number;
  /** The first round, on a VulnDb that had not parsed these rows yet. */
  coldPackagesPerSecond: number;
  packages: number;
  /** Packages actually looked up (others were skipped: installed by an OS package, no ecosystem). */
  checked: number;
  matches: number;
  rounds: number;
  elapsedMs: number;
}

export interface MeasureOptions {
  os?: OsInfo | null;
  /** Keep repeating rounds for at least this long (default 1000 ms) … */
  minMs?: number;
  /** … and at most this many rounds (default 50). */
  maxRounds?: number;
}

export function measureMatching(db: VulnDb, packages: readonly PackageRecord[], options: MeasureOptions = {}): MatchingMeasurement {
  const os = options.os ?? null;
  const minMs = options.minMs ?? 1000;
  const maxRounds = options.maxRounds ?? 50;
  const started = performance.now();
  let t = performance.now();
  const first = matchInventory(db, os, packages);
  const coldMs = performance.now() - t;
  let best = coldMs;
  let rounds = 1;
  while (rounds < maxRounds && (performance.now() - started < minMs || rounds < 3)) {
    t = performance.now();
    matchInventory(db, os, packages);
    best = Math.min(best, performance.now() - t);
    rounds++;
  }
  const perSecond = (ms: number) => (ms > 0 ? Math.round((packages.length / ms) * 1000) : Infinity);
  return {
    packagesPerSecond: perSecond(best),
    coldPackagesPerSecond: perSecond(coldMs),
    packages: packages.length,
    checked: first.stats.checked,
    matches: first.matches.length,
    rounds,
    elapsedMs: Math.round(performance.now() - started),
  };
}
