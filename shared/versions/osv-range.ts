// Does an OSV advisory cover a version? Walks a range's events in version order the way the
// OSV schema's evaluation section describes: "introduced" opens (from "0" = the very start),
// "fixed" closes at that version, "last_affected" closes just after it, and "limit" events
// cap the whole range. ECOSYSTEM ranges use the ecosystem's order, SEMVER ranges SemVer 2.0.
// Messy records (overlapping intervals listed out of order) are also read as listed.
import type { Comparator } from './comparator';
import { comparatorFor, type Ecosystem } from './ecosystems';
import { semver } from './semver';

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: string; // ECOSYSTEM, SEMVER or GIT
  events: OsvEvent[];
  repo?: string;
}

export interface OsvAffected {
  ranges?: OsvRange[];
  versions?: string[];
}

type Kind = 'introduced' | 'fixed' | 'last_affected';

/**
 * true/false for one range's events; undefined when the version or an event's version
 * cannot be read, so the caller can report "unknown" instead of "not affected".
 */
export function isAffected(
  ecosystem: Ecosystem,
  version: string,
  events: OsvEvent[],
  rangeType: 'ECOSYSTEM' | 'SEMVER' = 'ECOSYSTEM',
): boolean | undefined {
  const c: Comparator<unknown> = rangeType === 'SEMVER' ? semver : comparatorFor(ecosystem);
  const v = c.parse(version);
  if (!v.ok) return undefined;

  const limits = events.flatMap((e) => (e.limit !== undefined ? [e.limit] : []));
  if (limits.length && !limits.includes('*')) {
    const under = limits.map((l) => c.tryCompare(version, l));
    if (under.includes(undefined)) return undefined;
    if (!under.some((r) => r! < 0)) return false;
  }

  const steps: Step[] = [];
  for (const e of events) {
    for (const kind of ['introduced', 'fixed', 'last_affected'] as const) {
      const s = e[kind];
      if (s === undefined) continue;
      if (kind === 'introduced' && s === '0') {
        steps.push({ kind, at: undefined }); // before everything
        continue;
      }
      const p = c.parse(s);
      if (!p.ok) return undefined;
      steps.push({ kind, at: p.value });
    }
  }
  const at = (s: Step) => (s.at === undefined ? 1 : c.compareParsed(v.value, s.at));
  return walkSorted(steps, at, c) || walkListed(steps, at);
}

type Step = { kind: Kind; at: unknown };

// The schema's algorithm: events in version order, each one switching the state. At equal
// versions a closing event goes first, so "fixed X" then "introduced X" (two adjacent
// intervals merged into one range, as PyPA writes them) leaves X affected.
function walkSorted(steps: Step[], at: (s: Step) => number, c: Comparator<unknown>): boolean {
  const sorted = [...steps].sort((x, y) => {
    if (x.at === undefined || y.at === undefined) return x.at === y.at ? 0 : x.at === undefined ? -1 : 1;
    return c.compareParsed(x.at, y.at) || (x.kind === 'introduced' ? 1 : 0) - (y.kind === 'introduced' ? 1 : 0);
  });
  let affected = false;
  for (const s of sorted) {
    const cmp = at(s);
    if (s.kind === 'introduced' && cmp >= 0) affected = true;
    else if (s.kind === 'fixed' && cmp >= 0) affected = false;
    else if (s.kind === 'last_affected' && cmp > 0) affected = false;
  }
  return affected;
}

// Events read as intervals in the order they are listed (introduced, then its end). Real
// records sometimes list overlapping intervals out of order in one range (PyPA's wagtail
// PYSEC-2021-114), which the sorted walk misreads; for sorted, well-formed events both
// readings agree, and a scanner should not miss what either reading covers.
function walkListed(steps: Step[], at: (s: Step) => number): boolean {
  let open: Step | undefined;
  for (const s of steps) {
    if (s.kind === 'introduced') {
      open ??= s;
      continue;
    }
    if (!open) continue;
    const end = at(s);
    if (at(open) >= 0 && (s.kind === 'fixed' ? end < 0 : end <= 0)) return true;
    open = undefined;
  }
  return open !== undefined && at(open) >= 0;
}

/**
 * An OSV `affected` entry: listed in `versions`, or inside any ECOSYSTEM/SEMVER range
 * (GIT ranges need commit history and are left to the caller). undefined when no answer
 * could be read and none was true.
 */
export function isAffectedEntry(ecosystem: Ecosystem, version: string, affected: OsvAffected): boolean | undefined {
  const c = comparatorFor(ecosystem);
  if (affected.versions?.some((x) => x === version || c.tryCompare(x, version) === 0)) return true;
  let unknown = false;
  for (const r of affected.ranges ?? []) {
    if (r.type !== 'ECOSYSTEM' && r.type !== 'SEMVER') continue;
    const hit = isAffected(ecosystem, version, r.events, r.type);
    if (hit) return true;
    if (hit === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}
