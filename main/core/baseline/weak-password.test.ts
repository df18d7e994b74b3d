import { describe, expect, it } from 'vitest';
import { COMMON_PASSWORDS } from './common-passwords';
import { opensslPasswd } from './crypt/oracle.testkit';
import { checkWeakPassword, DEFAULT_HASH_BUDGET } from './weak-password';

const words = ['123456', 'password', 'qwerty', 'dragon'];

describe('checkWeakPassword', () => {
  it('finds a common password and its 1-based rank, stopping at the first match', async () => {
    const hash = opensslPasswd('-6', 'abcdefgh', 'qwerty');
    expect(await checkWeakPassword(hash, { words, budget: DEFAULT_HASH_BUDGET })).toEqual({ status: 'weak', rank: 3 });
  });

  it('tries the account name first (rank 0)', async () => {
    const hash = opensslPasswd('-1', 'xy', 'deploy');
    expect(await checkWeakPassword(hash, { words, budget: DEFAULT_HASH_BUDGET, account: 'deploy' })).toEqual({ status: 'weak', rank: 0 });
  });

  it('passes a password not on the list, having tried every guess', async () => {
    const hash = opensslPasswd('-5', 'salt', 'K7#vq!r9-strong');
    expect(await checkWeakPassword(hash, { words, budget: DEFAULT_HASH_BUDGET, account: 'app' })).toEqual({ status: 'not-weak', tried: 5 });
  });

  it('does not evaluate a hash whose guesses would overrun the budget, nor schemes it cannot verify', async () => {
    const hash = opensslPasswd('-6', 'abc', 'whatever');
    expect(await checkWeakPassword(hash, { words, budget: 5000 * 3 })).toMatchObject({ status: 'not-evaluated', reason: expect.stringContaining('only 3 of 4 guesses') });
    expect(await checkWeakPassword('$y$j9T$abcdefghijklmnop$7asOTx5b6Exfl3myM6K0pLBn.I2hsEvu7G0F7NMfaO.', { words, budget: DEFAULT_HASH_BUDGET })).toEqual({ status: 'not-evaluated', reason: 'yescrypt ($y$) hashes are not checked' });
  });

  it('the default budget covers the whole shipped list at sha512crypt default rounds, but not bcrypt cost 10', async () => {
    expect(COMMON_PASSWORDS).toHaveLength(1000);
    expect(COMMON_PASSWORDS.slice(0, 3)).toEqual(['123456', 'password', '12345678']);
    expect(Math.floor(DEFAULT_HASH_BUDGET / 5000)).toBeGreaterThanOrEqual(COMMON_PASSWORDS.length + 1);
    const bcrypt10 = '$2b$10$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm';
    expect((await checkWeakPassword(bcrypt10, { words: COMMON_PASSWORDS, budget: DEFAULT_HASH_BUDGET })).status).toBe('not-evaluated');
  });
});
