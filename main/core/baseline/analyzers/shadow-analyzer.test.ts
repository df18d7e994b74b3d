import { describe, expect, it } from 'vitest';
import { opensslPasswd } from '../crypt/oracle.testkit';
import { parseShadow, shadowAnalyzer, shadowHits } from './shadow-analyzer';

const words = ['123456', 'password', 'qwerty'];
const tail = ':19000:0:99999:7:::';

describe('shadow analyzer', () => {
  it('reports empty password fields and common passwords, redacted, and skips locked accounts', async () => {
    const weak = opensslPasswd('-6', 'Qx3saltA', 'password');
    const strong = opensslPasswd('-6', 'Qx3saltB', 'Zt!9f#long-and-random');
    const text = [`root:${weak}${tail}`, `daemon:*${tail}`, `guest:${tail}`, `app:${strong}${tail}`, `old:!${weak}${tail}`, `sys:!!${tail}`].join('\n');
    const hits = await shadowHits(text, { words });
    expect(hits).toEqual([
      { itemId: 'IMG-SHADOW-WEAK', detail: 'line 1: account root: the sha512crypt ($6$) hash matches common password #2 of 3' },
      { itemId: 'IMG-SHADOW-EMPTY', detail: 'line 3: account guest has an empty password field' },
    ]);
    for (const hit of hits) expect(hit.detail).not.toContain(weak.slice(12));
  });

  it('checks md5crypt, sha256crypt and bcrypt too, and the account name as a password', async () => {
    const text = [`a:${opensslPasswd('-1', 's1', 'qwerty')}${tail}`, `b:${opensslPasswd('-5', 's2', '123456')}${tail}`, `carol:${opensslPasswd('-6', 's3', 'carol')}${tail}`, `d:$2b$04$abcdefghijklmnopqrstuughE8Ev8uGFaUgY2cNEySvxngrb/Jzdm${tail}`].join('\n');
    const details = (await shadowHits(text, { words, maxAccounts: 4 })).map((h) => h.detail);
    expect(details).toEqual([
      'line 1: account a: the md5crypt ($1$) hash matches common password #3 of 3',
      'line 2: account b: the sha256crypt ($5$) hash matches common password #1 of 3',
      'line 3: account carol: the sha512crypt ($6$) hash matches the account name',
      'line 4: account d: the bcrypt ($2*$) hash matches common password #2 of 3',
    ]);
  });

  it('marks yescrypt and accounts past the cap as not evaluated', async () => {
    const yes = '$y$j9T$abcdefghijklmnop$7asOTx5b6Exfl3myM6K0pLBn.I2hsEvu7G0F7NMfaO.';
    const h = (salt: string) => opensslPasswd('-1', salt, 'not-common-at-all');
    const text = [`y:${yes}${tail}`, `u1:${h('a')}${tail}`, `u2:${h('b')}${tail}`, `u3:${h('c')}${tail}`].join('\n');
    expect(await shadowHits(text, { words, maxAccounts: 2 })).toEqual([
      { itemId: 'IMG-SHADOW-WEAK#not-evaluated', detail: 'line 1: account y uses yescrypt ($y$), which is not checked' },
      { itemId: 'IMG-SHADOW-WEAK#not-evaluated', detail: 'line 4: account u3 not checked: only the first 2 accounts with a password are' },
    ]);
  });

  it('parses tolerantly and is wanted only for etc/shadow', async () => {
    expect(parseShadow('root:x:1\r\n\n+nis::\n# c\nbad\n')).toEqual([{ account: 'root', password: 'x', line: 1 }]);
    expect(shadowAnalyzer.role).toBe('baseline');
    expect(shadowAnalyzer.wants({ path: 'etc/shadow', size: 10, mode: 0o640 }, Buffer.alloc(0))).toBe(true);
    expect(shadowAnalyzer.wants({ path: 'etc/shadow-', size: 10, mode: 0o640 }, Buffer.alloc(0))).toBe(false);
    // With the shipped list: 'password' is #2, found after two guesses.
    const out = await shadowAnalyzer.analyze({ path: 'etc/shadow', size: 0, mode: 0o640 }, Buffer.from(`root:${opensslPasswd('-6', 'zz', 'password')}${tail}\n`));
    expect(out.baseline?.[0]?.detail).toBe('line 1: account root: the sha512crypt ($6$) hash matches common password #2 of 1000');
  });
});
