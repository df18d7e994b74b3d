import { describe, expect, it } from 'vitest';
import { identifyCryptHash } from './crypt-scheme';
import { verifyPassword } from './verify-password';

describe('identifyCryptHash', () => {
  it('recognises the schemes it can verify, with a cost per guess', () => {
    expect(identifyCryptHash('$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/')).toEqual({ scheme: 'md5crypt', verifiable: true, cost: 1000 });
    expect(identifyCryptHash('$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.')).toEqual({ scheme: 'sha256crypt', verifiable: true, cost: 5000 });
    expect(identifyCryptHash('$6$rounds=10000$saltstringsaltst$OW1/O6BYHV6BcXZu8QVeXbDWra3Oeqh0sbHbbMCVNSnCM/UrjmM0Dp8vOuZeHBy/YTBmSK6H9qs/y3RnOaw5v.')).toEqual({ scheme: 'sha512crypt', verifiable: true, cost: 10000 });
    expect(identifyCryptHash('$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm')).toMatchObject({ scheme: 'bcrypt', verifiable: true, cost: 16 * 32 });
  });

  it('names the schemes it cannot verify', () => {
    expect(identifyCryptHash('$y$j9T$abcdefghijklmnop$7asOTx5b6Exfl3myM6K0pLBn.I2hsEvu7G0F7NMfaO.')).toMatchObject({ scheme: 'yescrypt', verifiable: false });
    expect(identifyCryptHash('$gy$j9T$abc$def')).toMatchObject({ scheme: 'gost-yescrypt', verifiable: false });
    expect(identifyCryptHash('$7$CU..../....abc$def')).toMatchObject({ scheme: 'scrypt', verifiable: false });
    expect(identifyCryptHash('abJnggxhB/yWI')).toMatchObject({ scheme: 'des', verifiable: false });
    expect(identifyCryptHash('$6$truncated')).toMatchObject({ scheme: 'unknown', verifiable: false });
  });

  it('verifyPassword dispatches on the scheme and refuses the others', () => {
    expect(verifyPassword('password', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/')).toBe(true);
    expect(verifyPassword('password', '$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/')).toBe(true);
    expect(verifyPassword('password1', '$5$saltsalt$gOjOtoMpVhru2uyjeJSEc/JaLQWOXMNmlOnj6T4AtC.')).toBe(false);
    expect(() => verifyPassword('password', '$y$j9T$abcdefghijklmnop$7asOTx5b6Exfl3myM6K0pLBn.I2hsEvu7G0F7NMfaO.')).toThrow();
  });
});
