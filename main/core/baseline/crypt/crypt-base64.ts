// The "hash64" alphabet and byte order shared by md5crypt and SHA-crypt: 24 bits at a time,
// least significant six bits first, from the alphabet ./0-9A-Za-z (not RFC 4648 base64).
const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `chars` characters of the 24-bit value b2·2¹⁶ + b1·2⁸ + b0, low six bits first. */
export function hash64(b2: number, b1: number, b0: number, chars: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < chars; i += 1) {
    out += ALPHABET[w & 0x3f];
    w >>>= 6;
  }
  return out;
}

/** Encodes a digest as groups of three byte indexes (the scheme's own permutation); a group's
 *  fourth element is how many characters it yields. Index -1 stands for a zero byte. */
export function encodeDigest(digest: Uint8Array, groups: readonly (readonly [number, number, number, number])[]): string {
  const at = (i: number): number => (i < 0 ? 0 : digest[i]!);
  return groups.map(([a, b, c, n]) => hash64(at(a), at(b), at(c), n)).join('');
}
