import { describe, expect, it } from 'vitest';
import { md5Crypt, md5CryptSalt } from './md5-crypt';
import { opensslPasswd } from './oracle.testkit';

describe('md5Crypt', () => {
  it.each([
    ['password', 'saltsalt'],
    ['', 'abc'],
    ['x', 'a'],
    ['123456', '12345678'],
    ['a much longer password than sixteen bytes, twice over', 'Zz./09'],
    ['pässwörd ünïcödé', 'utf8'],
  ])('matches openssl passwd -1 for %j with salt %j', (password, salt) => {
    expect(md5Crypt(password, `$1$${salt}`)).toBe(opensslPasswd('-1', salt, password));
  });

  it('matches libcrypt vectors recorded with python3 crypt.crypt (empty salt, 100-byte password)', () => {
    expect(md5Crypt('root', '$1$$')).toBe('$1$$oCLuEVgI1iAqOA8pwkzAg1');
    expect(md5Crypt('a'.repeat(100), '$1$12345678')).toBe('$1$12345678$yHGf0oZf8H0kWFcG99n58.');
  });

  it('reads the salt from a full hash, stopping at 8 characters or a $', () => {
    expect(md5CryptSalt('$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/')).toBe('saltsalt');
    expect(md5CryptSalt('$1$toolongsalt')).toBe('toolongs');
    const hash = opensslPasswd('-1', 'saltsalt', 'password');
    expect(md5Crypt('password', hash)).toBe(hash);
    expect(md5Crypt('Password', hash)).not.toBe(hash);
  });
});
