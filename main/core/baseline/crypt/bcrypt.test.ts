import { execFileSync } from 'node:child_process';
import bcryptjs from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { bcryptCost, bcryptMatches } from './bcrypt';
import { libcrypt } from './oracle.testkit';

describe('bcrypt', () => {
  it('verifies the classic OpenBSD/Openwall vector and libcrypt-recorded hashes for each prefix', () => {
    expect(bcryptMatches('U*U', '$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW')).toBe(true);
    expect(bcryptMatches('password', '$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm')).toBe(true);
    expect(bcryptMatches('correct horse', '$2y$05$CCCCCCCCCCCCCCCCCCCCC.WrAwgFxicHZ3kL7zMvXYXHKosDn8ot2')).toBe(true);
    expect(bcryptMatches('Password', '$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm')).toBe(false);
  });

  it('verifies what bcryptjs itself makes, and reads the cost', () => {
    const hash = bcryptjs.hashSync('hunter2', 4);
    expect(bcryptCost(hash)).toBe(4);
    expect(bcryptMatches('hunter2', hash)).toBe(true);
    expect(bcryptMatches('hunter3', hash)).toBe(false);
    expect(bcryptCost('$2b$12$short')).toBeNull();
  });

  it('verifies hashes made by htpasswd -B and by the system libcrypt when they are installed', () => {
    let htpasswd: string | null = null;
    try {
      htpasswd = execFileSync('htpasswd', ['-nbB', '-C', '4', 'user', 'qwerty'], { encoding: 'utf8' }).trim().split(':')[1]!;
    } catch {
      htpasswd = null;
    }
    if (htpasswd) expect(bcryptMatches('qwerty', htpasswd)).toBe(true);
    const live = libcrypt([['dragon', '$2b$04$0123456789abcdefghijkl']]);
    if (live) expect(bcryptMatches('dragon', live[0]!)).toBe(true);
  });
});
