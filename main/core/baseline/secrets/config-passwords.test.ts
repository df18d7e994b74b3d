import { describe, expect, it } from 'vitest';
import { findConfigPasswords, isPlaceholder } from './config-passwords';

describe('findConfigPasswords', () => {
  it('finds password assignments in ini, yaml, json and env styles, redacted', () => {
    const text = ['[client]', 'password=Sup3rSecret!', 'db_password: "hunter22"', '  "adminPasswd": "c0rrect-horse",', 'export PGPASSWORD=letmein99'].join('\n');
    expect(findConfigPasswords(text)).toEqual([
      { itemId: 'IMG-SECRET-PASSWORD-FILE', line: 2, detail: 'password = S…(12 chars)…!' },
      { itemId: 'IMG-SECRET-PASSWORD-FILE', line: 3, detail: 'db_password = …(8 chars)…' },
      { itemId: 'IMG-SECRET-PASSWORD-FILE', line: 4, detail: 'adminPasswd = c…(13 chars)…e' },
    ]);
  });

  it('skips comments, placeholders and references', () => {
    const text = ['# password=realOne123', '; passwd = x', 'password=${DB_PASSWORD}', 'password: <your password>', 'password = ********', 'password:', 'password = null', "password_file = '/run/secrets/db'"].join('\n');
    expect(findConfigPasswords(text)).toEqual([]);
    expect(isPlaceholder('%(pw)s')).toBe(true);
    expect(isPlaceholder('changeme')).toBe(false);
  });

  it("leaves out prose values, as in OpenSSL's own openssl.cnf, but not passphrases with digits or symbols", () => {
    const openssl = ['[ req_attributes ]', 'challengePassword\t\t= A challenge password', 'challengePassword_min\t\t= 4', 'challengePassword_max\t\t= 20'].join('\n');
    expect(findConfigPasswords(openssl)).toEqual([]);
    expect(findConfigPasswords('password = correct horse 42!')).toHaveLength(1);
    expect(findConfigPasswords('passwd:         files systemd\ngroup:          files')).toEqual([]);
  });
});
