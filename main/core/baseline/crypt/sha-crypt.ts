// SHA-crypt ("$5$" SHA-256, "$6$" SHA-512) after Ulrich Drepper's specification
// (https://www.akkadia.org/drepper/SHA-crypt.txt), as glibc implements it: rounds default to
// 5000, "rounds=N$" is clamped to 1000..999,999,999 and echoed in the output, salt ≤ 16 chars.
import { createHash } from 'node:crypto';
import { encodeDigest } from './crypt-base64';

export type ShaCryptVariant = 'sha256' | 'sha512';

const ROUNDS_DEFAULT = 5000;
const ROUNDS_MIN = 1000;
const ROUNDS_MAX = 999_999_999;
const SALT_MAX = 16;

const MAGIC: Record<ShaCryptVariant, string> = { sha256: '$5$', sha512: '$6$' };

// Byte order of the final encoding (sha256-crypt.c / sha512-crypt.c b64_from_24bit calls).
const GROUPS: Record<ShaCryptVariant, readonly (readonly [number, number, number, number])[]> = {
  sha256: [
    [0, 10, 20, 4], [21, 1, 11, 4], [12, 22, 2, 4], [3, 13, 23, 4], [24, 4, 14, 4],
    [15, 25, 5, 4], [6, 16, 26, 4], [27, 7, 17, 4], [18, 28, 8, 4], [9, 19, 29, 4],
    [-1, 31, 30, 3],
  ],
  sha512: [
    [0, 21, 42, 4], [22, 43, 1, 4], [44, 2, 23, 4], [3, 24, 45, 4], [25, 46, 4, 4],
    [47, 5, 26, 4], [6, 27, 48, 4], [28, 49, 7, 4], [50, 8, 29, 4], [9, 30, 51, 4],
    [31, 52, 10, 4], [53, 11, 32, 4], [12, 33, 54, 4], [34, 55, 13, 4], [56, 14, 35, 4],
    [15, 36, 57, 4], [37, 58, 16, 4], [59, 17, 38, 4], [18, 39, 60, 4], [40, 61, 19, 4],
    [62, 20, 41, 4], [-1, -1, 63, 2],
  ],
};

export interface ShaCryptSetting {
  variant: ShaCryptVariant;
  salt: string;
  rounds: number;
  /** "rounds=" was given: it is part of the output, even when it equals the default. */
  customRounds: boolean;
}

/** Reads "$6$[rounds=N$]salt[$hash]"; null when it is not a SHA-crypt setting. */
export function parseShaCryptSetting(setting: string): ShaCryptSetting | null {
  const variant: ShaCryptVariant | null = setting.startsWith('$5$') ? 'sha256' : setting.startsWith('$6$') ? 'sha512' : null;
  if (!variant) return null;
  let rest = setting.slice(3);
  let rounds = ROUNDS_DEFAULT;
  let customRounds = false;
  // glibc takes "rounds=" only when digits run up to a '$'; otherwise it is part of the salt.
  const m = /^rounds=(\d+)\$/.exec(rest);
  if (m) {
    rounds = Math.min(ROUNDS_MAX, Math.max(ROUNDS_MIN, Number(m[1])));
    customRounds = true;
    rest = rest.slice(m[0].length);
  }
  const end = rest.indexOf('$');
  const salt = (end < 0 ? rest : rest.slice(0, end)).slice(0, SALT_MAX);
  return { variant, salt, rounds, customRounds };
}

/** Repeats `block` (a digest) over `length` bytes. */
function spread(block: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += block.length) block.copy(out, i, 0, Math.min(block.length, length - i));
  return out;
}

/** crypt(3) with a "$5$…" or "$6$…" setting; throws on any other. */
export function shaCrypt(password: string | Buffer, setting: string): string {
  const parsed = parseShaCryptSetting(setting);
  if (!parsed) throw new Error('not a SHA-crypt setting');
  const { variant, salt, rounds, customRounds } = parsed;
  const P = typeof password === 'string' ? Buffer.from(password, 'utf8') : password;
  const S = Buffer.from(salt, 'utf8');
  const H = () => createHash(variant);

  // Digest B = H(P S P); digest A = H(P S, B stretched to |P|, then per bit of |P|: B or P).
  const B = H().update(P).update(S).update(P).digest();
  const a = H().update(P).update(S);
  a.update(spread(B, P.length));
  for (let n = P.length; n > 0; n >>= 1) a.update(n & 1 ? B : P);
  const A = a.digest();

  // P' and S': the password and salt hashed over and over, cut to their own lengths.
  const dp = H();
  for (let i = 0; i < P.length; i += 1) dp.update(P);
  const Pp = spread(dp.digest(), P.length);
  const ds = H();
  for (let i = 0; i < 16 + A[0]!; i += 1) ds.update(S);
  const Sp = spread(ds.digest(), S.length);

  let C = A;
  for (let r = 0; r < rounds; r += 1) {
    const h = H();
    h.update(r & 1 ? Pp : C);
    if (r % 3) h.update(Sp);
    if (r % 7) h.update(Pp);
    h.update(r & 1 ? C : Pp);
    C = h.digest();
  }
  const head = `${MAGIC[variant]}${customRounds ? `rounds=${rounds}$` : ''}${salt}`;
  return `${head}$${encodeDigest(C, GROUPS[variant])}`;
}
