// compareVersions(ecosystem, a, b): the right ordering for an OSV ecosystem name, and the
// public surface of shared/versions.
import { comparatorFor, type Ecosystem } from './ecosystems';

export { ECOSYSTEMS, comparatorFor, toEcosystem, type Ecosystem } from './ecosystems';
export { InvalidVersionError } from './errors';
export type { Comparator, Parsed } from './comparator';
export { isAffected, isAffectedEntry, type OsvAffected, type OsvEvent, type OsvRange } from './osv-range';
export { isPseudoVersion, pseudoVersionTime } from './go';
export { parse as parseNevra, compare as compareNevra, type Nevra } from './rpm-nevra';

/** Negative, zero or positive; throws InvalidVersionError naming the ecosystem and string. */
export function compareVersions(ecosystem: Ecosystem, a: string, b: string): number {
  return comparatorFor(ecosystem).compare(a, b);
}

/** Like compareVersions, but undefined when either string cannot be read. */
export function tryCompare(ecosystem: Ecosystem, a: string, b: string): number | undefined {
  return comparatorFor(ecosystem).tryCompare(a, b);
}

export function isValidVersion(ecosystem: Ecosystem, v: string): boolean {
  return comparatorFor(ecosystem).isValid(v);
}
