// Is a crypt(3) hash one of the common passwords? Guesses cost real CPU (sha512crypt at 5000
// rounds is ~18 ms a guess with node:crypto), so the check is bounded by a work budget per hash:
// it stops at the first match, and a hash too costly to try the whole list against is reported
// as not evaluated rather than passed. It yields to the event loop so a scan never freezes the app.
import { identifyCryptHash, schemeLabel } from './crypt/crypt-scheme';
import { verifyPassword } from './crypt/verify-password';

export type WeakPasswordResult =
  /** `rank` is the 1-based position in the list; 0 when the password is the account name. */
  | { status: 'weak'; rank: number }
  | { status: 'not-weak'; tried: number }
  | { status: 'not-evaluated'; reason: string };

export interface WeakPasswordOptions {
  words: readonly string[];
  /** Work allowed for one hash, in hash-function calls (see crypt-scheme.ts cost). */
  budget: number;
  /** The account name, tried before the list. */
  account?: string;
  /** How often to give the event loop a turn (ms). */
  yieldEveryMs?: number;
}

/** Enough for the account name and the whole 1,000-word list at sha512crypt's default 5000 rounds (~18 s worst case on one core). */
export const DEFAULT_HASH_BUDGET = 5_100_000;

const yieldTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function checkWeakPassword(hash: string, options: WeakPasswordOptions): Promise<WeakPasswordResult> {
  const info = identifyCryptHash(hash);
  if (!info.verifiable) return { status: 'not-evaluated', reason: `${schemeLabel[info.scheme]} hashes are not checked` };
  const guesses = options.account ? [options.account, ...options.words] : [...options.words];
  const affordable = Math.floor(options.budget / Math.max(1, info.cost));
  if (affordable < guesses.length) {
    return { status: 'not-evaluated', reason: `${schemeLabel[info.scheme]} at this cost allows only ${affordable} of ${guesses.length} guesses within the work budget` };
  }
  const every = options.yieldEveryMs ?? 20;
  let since = Date.now();
  for (let i = 0; i < guesses.length; i += 1) {
    if (verifyPassword(guesses[i]!, hash)) return { status: 'weak', rank: options.account ? i : i + 1 };
    if (Date.now() - since >= every) {
      await yieldTurn();
      since = Date.now();
    }
  }
  return { status: 'not-weak', tried: guesses.length };
}
