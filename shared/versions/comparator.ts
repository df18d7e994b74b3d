// Turns a per-ecosystem parse + compare pair into the public trio every module exports.
// `compare` throws (message names ecosystem and string); `tryCompare` never throws, so a
// scan can skip one bad advisory instead of dying.
import { InvalidVersionError } from './errors';

/** A parse result or the reason the string was refused. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface Comparator<T> {
  readonly ecosystem: string;
  parse(version: string): Parsed<T>;
  isValid(version: string): boolean;
  /** Negative, zero or positive; throws InvalidVersionError on an unparsable side. */
  compare(a: string, b: string): number;
  /** Like compare, but undefined instead of throwing. */
  tryCompare(a: string, b: string): number | undefined;
  /** Order two values parse() accepted. */
  compareParsed(a: T, b: T): number;
  /** The same rules under another ecosystem name (for error messages). */
  withName(ecosystem: string): Comparator<T>;
}

export function ok<T>(value: T): Parsed<T> {
  return { ok: true, value };
}

export function fail<T>(reason: string): Parsed<T> {
  return { ok: false, reason };
}

export function defineComparator<T>(
  ecosystem: string,
  parse: (version: string) => Parsed<T>,
  compareParsed: (a: T, b: T) => number,
  isValid: (version: string) => boolean = (v) => parse(v).ok,
): Comparator<T> {
  // Scans and sorts compare the same few strings over and over; remember recent parses.
  // (Parsed values are treated as read-only everywhere.)
  const cache = new Map<string, Parsed<T>>();
  const cachedParse = (v: string): Parsed<T> => {
    let p = cache.get(v);
    if (!p) {
      if (cache.size >= 4096) cache.clear();
      p = parse(v);
      cache.set(v, p);
    }
    return p;
  };
  const must = (v: string): T => {
    const p = cachedParse(v);
    if (!p.ok) throw new InvalidVersionError(ecosystem, v, p.reason);
    return p.value;
  };
  return {
    ecosystem,
    parse,
    isValid,
    compare: (a, b) => Math.sign(compareParsed(must(a), must(b))),
    tryCompare: (a, b) => {
      const pa = cachedParse(a);
      const pb = cachedParse(b);
      return pa.ok && pb.ok ? Math.sign(compareParsed(pa.value, pb.value)) : undefined;
    },
    compareParsed,
    withName: (name) => defineComparator(name, parse, compareParsed, isValid),
  };
}
