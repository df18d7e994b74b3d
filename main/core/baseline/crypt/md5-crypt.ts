// md5crypt ("$1$"), Poul-Henning Kamp's FreeBSD scheme as glibc implements it: MD5 of password,
// magic and salt mixed with an alternate sum, then 1,000 rounds of re-hashing.
import { createHash } from 'node:crypto';
import { encodeDigest } from './crypt-base64';

const MAGIC = '$1$';

// Byte order of the final encoding (crypt-md5.c: b64_from_24bit calls).
const GROUPS = [
  [0, 6, 12, 4],
  [1, 7, 13, 4],
  [2, 8, 14, 4],
  [3, 9, 15, 4],
  [4, 10, 5, 4],
  [-1, -1, 11, 2],
] as const;

/** The salt as md5crypt reads it from a setting or hash: after "$1$", up to 8 characters before any '$'. */
export function md5CryptSalt(setting: string): string {
  const rest = setting.startsWith(MAGIC) ? setting.slice(MAGIC.length) : setting;
  const end = rest.indexOf('$');
  return (end < 0 ? rest : rest.slice(0, end)).slice(0, 8);
}

/** crypt(3) with a "$1$salt" setting: returns "$1$salt$hash". */
export function md5Crypt(password: string | Buffer, setting: string): string {
  const pw = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  const salt = md5CryptSalt(setting);
  const s = Buffer.from(salt, 'utf8');

  const alternate = createHash('md5').update(pw).update(s).update(pw).digest();
  const ctx = createHash('md5').update(pw).update(MAGIC).update(s);
  for (let left = pw.length; left > 0; left -= 16) ctx.update(alternate.subarray(0, Math.min(16, left)));
  // One byte per bit of the length: NUL for a set bit, the password's first byte for a clear one.
  for (let i = pw.length; i > 0; i >>= 1) ctx.update(i & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let sum = ctx.digest();

  for (let round = 0; round < 1000; round += 1) {
    const h = createHash('md5');
    h.update(round & 1 ? pw : sum);
    if (round % 3) h.update(s);
    if (round % 7) h.update(pw);
    h.update(round & 1 ? sum : pw);
    sum = h.digest();
  }
  return `${MAGIC}${salt}$${encodeDigest(sum, GROUPS)}`;
}
