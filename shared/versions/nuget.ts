// NuGet version order (NuGet.Versioning): up to four numeric parts (Major.Minor.Patch.Revision,
// missing ones are 0), then SemVer 2.0 pre-release labels compared case-insensitively;
// build metadata ignored. Read with the same loose rules as semver.ts, keeping four parts.
import { defineComparator, type Parsed } from './comparator';
import { compareCore, comparePrerelease, coerce, type SemverLike } from './semver';

export function parse(v: string): Parsed<SemverLike> {
  return coerce(v, 4);
}

export function compareParsed(a: SemverLike, b: SemverLike): number {
  return compareCore(a.core, b.core) || comparePrerelease(a.pre, b.pre, (s) => s.toLowerCase());
}

/** Strict NuGet form: 1-4 numeric parts, optional -label(.label)* and +metadata. */
export function isValid(v: string): boolean {
  return /^[0-9]+(\.[0-9]+){0,3}(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/.test(v);
}

export const nuget = defineComparator('NuGet', parse, compareParsed, isValid);
export const { compare, tryCompare } = nuget;
