// Evidence never carries a whole secret: only enough of its ends to recognise it (a key's type
// prefix, its last character) and its length.

/** 'AKIA…(20 chars)…E'; values of 8 characters or fewer show nothing but their length. */
export function redact(secret: string): string {
  const n = [...secret].length;
  if (n <= 8) return `…(${n} chars)…`;
  const chars = [...secret];
  const keep = n >= 20 ? 4 : 1;
  return `${chars.slice(0, keep).join('')}…(${n} chars)…${chars[n - 1]}`;
}
