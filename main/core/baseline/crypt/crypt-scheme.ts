// Which crypt(3) scheme made a password hash, whether Vigil can verify a guess against it, and
// what one guess costs, so weak-password checks can be bounded by work, not by wall time.
import { bcryptCost } from './bcrypt';
import { parseShaCryptSetting } from './sha-crypt';

export type CryptScheme = 'md5crypt' | 'sha256crypt' | 'sha512crypt' | 'bcrypt' | 'yescrypt' | 'gost-yescrypt' | 'scrypt' | 'sha1crypt' | 'sunmd5' | 'bsdi-des' | 'des' | 'nthash' | 'unknown';

export interface CryptHashInfo {
  scheme: CryptScheme;
  /** A guess can be checked against it here (md5crypt, SHA-crypt, bcrypt). */
  verifiable: boolean;
  /** Work of one guess, in hash-function calls (about 3.5 µs each with node:crypto SHA-512). */
  cost: number;
}

// bcryptjs does 2^cost expansions of about 30 SHA-512-call equivalents each (measured: cost 10
// ≈ 120 ms, sha512crypt at 5000 rounds ≈ 18 ms on the same machine).
const BCRYPT_UNITS_PER_EXPANSION = 32;

const NOT_VERIFIABLE: readonly [RegExp, CryptScheme][] = [
  [/^\$y\$/, 'yescrypt'],
  [/^\$gy\$/, 'gost-yescrypt'],
  [/^\$7\$/, 'scrypt'],
  [/^\$sha1\$/, 'sha1crypt'],
  [/^\$md5[$,]/, 'sunmd5'],
  [/^\$3\$/, 'nthash'],
  [/^_[./0-9A-Za-z]{19}$/, 'bsdi-des'],
  [/^[./0-9A-Za-z]{13}$/, 'des'],
];

export function identifyCryptHash(hash: string): CryptHashInfo {
  if (/^\$1\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/.test(hash)) return { scheme: 'md5crypt', verifiable: true, cost: 1000 };
  const sha = parseShaCryptSetting(hash);
  if (sha && /\$[./0-9A-Za-z]{43}$|\$[./0-9A-Za-z]{86}$/.test(hash)) {
    return { scheme: sha.variant === 'sha256' ? 'sha256crypt' : 'sha512crypt', verifiable: true, cost: sha.rounds };
  }
  const cost = bcryptCost(hash);
  if (cost !== null) return { scheme: 'bcrypt', verifiable: cost >= 4 && cost <= 31, cost: 2 ** cost * BCRYPT_UNITS_PER_EXPANSION };
  for (const [pattern, scheme] of NOT_VERIFIABLE) if (pattern.test(hash)) return { scheme, verifiable: false, cost: 0 };
  return { scheme: 'unknown', verifiable: false, cost: 0 };
}

/** Human name for messages. */
export const schemeLabel: Record<CryptScheme, string> = {
  md5crypt: 'md5crypt ($1$)',
  sha256crypt: 'sha256crypt ($5$)',
  sha512crypt: 'sha512crypt ($6$)',
  bcrypt: 'bcrypt ($2*$)',
  yescrypt: 'yescrypt ($y$)',
  'gost-yescrypt': 'gost-yescrypt ($gy$)',
  scrypt: 'scrypt ($7$)',
  sha1crypt: 'sha1crypt ($sha1$)',
  sunmd5: 'SunMD5 ($md5$)',
  'bsdi-des': 'BSDi extended DES',
  des: 'traditional DES crypt',
  nthash: 'NT hash ($3$)',
  unknown: 'an unrecognised scheme',
};
