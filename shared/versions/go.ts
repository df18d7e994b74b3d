// Go module versions: SemVer with a "v" (OSV writes them without it), pseudo-versions
// (v0.0.0-20191109021931-daa7c04131f5) that order by their pre-release like any other,
// and "+incompatible", which is build metadata and so does not affect order.
import { parse as parseStrict } from 'semver';
import { defineComparator } from './comparator';
import { compareParsed, parse } from './semver';

// The three pseudo-version shapes from golang.org/x/mod/module: vX.0.0-yyyymmddhhmmss-abcdef,
// vX.Y.Z-pre.0.yyyymmddhhmmss-abcdef, vX.Y.(Z+1)-0.yyyymmddhhmmss-abcdef.
// (x/mod's own pattern, with the "v" made optional.)
const PSEUDO = /^v?[0-9]+\.(?:0\.0-|[0-9]+\.[0-9]+-(?:[^+]*\.)?0\.)([0-9]{14})-[A-Za-z0-9]+(?:\+[0-9A-Za-z-]+)?$/;

export function isPseudoVersion(v: string): boolean {
  return PSEUDO.test(v) && isValid(v);
}

/** The commit time a pseudo-version encodes, as "yyyymmddhhmmss". */
export function pseudoVersionTime(v: string): string | undefined {
  return isValid(v) ? PSEUDO.exec(v)?.[1] : undefined;
}

/** A canonical Go module version: full SemVer, "v" optional as OSV omits it. */
export function isValid(v: string): boolean {
  return /^v?[0-9]/.test(v) && parseStrict(v.replace(/^v/, '')) !== null;
}

export { parse, compareParsed };
export const go = defineComparator('Go', parse, compareParsed, isValid);
export const { compare, tryCompare } = go;
