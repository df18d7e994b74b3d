import { describe, expect, it } from 'vitest';
import { fake } from '../secrets/fake-secrets.testkit';
import { secretFileAnalyzer, secretHits } from './secret-file-analyzer';

const wants = (path: string, content: Buffer | string) => {
  const buf = Buffer.from(content);
  return secretFileAnalyzer.wants({ path, size: buf.length, mode: 0o644 }, buf.subarray(0, 4096));
};

describe('secret file analyzer', () => {
  it('reads text files and credential files, not binaries, docs, tests or package trees', () => {
    expect(wants('app/config.yaml', 'a: b')).toBe(true);
    expect(wants('etc/ssh/ssh_host_ed25519_key', fake.openssh())).toBe(true);
    expect(wants('app/bin/tool', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0]))).toBe(false);
    expect(wants('usr/share/doc/x/README', 'x')).toBe(false);
    expect(wants('app/node_modules/x/key.pem', 'x')).toBe(false);
    expect(wants('srv/tests/key.pem', 'x')).toBe(false);
    expect(wants('app/empty', '')).toBe(false);
    expect(secretFileAnalyzer.wants({ path: 'big.txt', size: 2 * 1024 * 1024, mode: 0o644 }, Buffer.from('x'))).toBe(false);
  });

  it('reports every kind with its line, password rules only in config files', () => {
    expect(secretHits('app/.env', `DB_PASSWORD=averysecretvalue\nAWS_ACCESS_KEY_ID=${fake.awsKeyId}\n`)).toEqual([
      { itemId: 'IMG-SECRET-CLOUD-KEY', detail: `line 2: AWS access key ID AKIA…(20 chars)…${fake.awsKeyId.slice(-1)}` },
      { itemId: 'IMG-SECRET-PASSWORD-FILE', detail: 'line 1: DB_PASSWORD = a…(16 chars)…e' },
    ]);
    expect(secretHits('app/main.py', 'password = "averysecretvalue"\n')).toEqual([]);
    expect(secretHits('root/.pgpass', 'db:5432:*:u:pw-value-here\n')).toEqual([{ itemId: 'IMG-SECRET-PASSWORD-FILE', detail: 'line 1: PostgreSQL password for u@db: p…(13 chars)…e' }]);
  });

  it('caps hits per item and file', () => {
    const text = Array.from({ length: 14 }, (_, i) => `key${i}=AKIA${String(i).padStart(16, 'Q')}`).join('\n');
    const hits = secretHits('app/keys.txt', text);
    expect(hits).toHaveLength(11);
    expect(hits[10]).toEqual({ itemId: 'IMG-SECRET-CLOUD-KEY', detail: '… and 4 more in this file' });
  });

  it('returns nothing for a clean file and skips binary content past the head', async () => {
    expect(await secretFileAnalyzer.analyze({ path: 'etc/hosts', size: 10, mode: 0o644 }, Buffer.from('127.0.0.1 localhost\n'))).toEqual({});
    const late = Buffer.concat([Buffer.alloc(5000, 0x41), Buffer.from([0]), Buffer.from(`\nAKIA${'Q'.repeat(16)}`)]);
    expect(await secretFileAnalyzer.analyze({ path: 'app/blob', size: late.length, mode: 0o644 }, late)).toEqual({});
  });
});
