import { describe, expect, it } from 'vitest';
import { passwdAnalyzer, passwdHits } from './passwd-analyzer';

describe('passwd analyzer', () => {
  it('reports extra UID 0 accounts, shared UIDs and empty password fields', () => {
    const text = ['root:x:0:0:root:/root:/bin/bash', 'toor:x:0:0::/root:/bin/sh', 'alice:x:1000:1000::/home/alice:/bin/sh', 'bob:x:1000:1000::/home/bob:/bin/sh', 'nopw::1001:1001::/home/nopw:/bin/sh', '+::::::'].join('\n');
    expect(passwdHits(text)).toEqual([
      { itemId: 'IMG-PASSWD-UID0', detail: 'line 2: account toor has UID 0' },
      { itemId: 'IMG-SHADOW-EMPTY', detail: 'line 5: account nopw has an empty password field in /etc/passwd' },
      { itemId: 'IMG-PASSWD-DUP-UID', detail: 'UID 1000 is shared by alice (line 3), bob (line 4)' },
    ]);
  });

  it('finds nothing in a clean file', () => {
    expect(passwdHits('root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n')).toEqual([]);
    expect(passwdAnalyzer.wants({ path: 'etc/passwd', size: 1, mode: 0o644 }, Buffer.alloc(0))).toBe(true);
    expect(passwdAnalyzer.analyze({ path: 'etc/passwd', size: 1, mode: 0o644 }, Buffer.from('root:x:0:0::/:/bin/sh\n'))).toEqual({});
  });
});
