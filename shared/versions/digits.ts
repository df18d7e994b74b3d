// Exact numeric order of ASCII digit strings of any length: versions carry 14-digit
// timestamps and 30-digit test values that overflow a double.

/** Compares two non-empty strings of ASCII digits by value (leading zeros ignored). */
export function compareDigits(a: string, b: string): number {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function stripZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 48) i++;
  return s.slice(i);
}

export function isAllDigits(s: string): boolean {
  return /^[0-9]+$/.test(s);
}

/** Plain code-unit order, as strcmp/memcmp give for ASCII. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
