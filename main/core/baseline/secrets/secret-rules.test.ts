import { describe, expect, it } from 'vitest';
import { fake } from './fake-secrets.testkit';
import { findShapedSecrets } from './secret-rules';

describe('findShapedSecrets', () => {
  it('finds private keys of each kind, never their content', () => {
    const text = `x\n${fake.rsaPem()}\n${fake.ecPkcs8()}\n${fake.openssh()}`;
    const found = findShapedSecrets(text);
    expect(found.map((f) => [f.itemId, f.line, f.detail])).toEqual([
      ['IMG-SECRET-PRIVATE-KEY', 2, 'RSA private key'],
      ['IMG-SECRET-PRIVATE-KEY', expect.any(Number), 'private key (PKCS#8)'],
      ['IMG-SECRET-PRIVATE-KEY', expect.any(Number), 'OpenSSH private key'],
    ]);
  });

  it('ignores a PEM header without key material (parsers, docs)', () => {
    expect(findShapedSecrets('const HEADER = "-----BEGIN RSA PRIVATE KEY-----";\nif (line === HEADER) {}')).toEqual([]);
  });

  it('finds AWS keys, tokens, and redacts them', () => {
    const text = [`aws_access_key_id = ${fake.awsKeyId}`, `aws_secret_access_key = ${fake.awsSecret}`, `token: ${fake.github}`, `GITLAB=${fake.gitlab}`, `slack ${fake.slack}`, `//registry.npmjs.org/:_authToken=${fake.npm}`].join('\n');
    const found = findShapedSecrets(text);
    expect(found.map((f) => [f.itemId, f.line])).toEqual([
      ['IMG-SECRET-CLOUD-KEY', 1],
      ['IMG-SECRET-CLOUD-KEY', 2],
      ['IMG-SECRET-TOKEN', 3],
      ['IMG-SECRET-TOKEN', 4],
      ['IMG-SECRET-TOKEN', 5],
      ['IMG-SECRET-TOKEN', 6],
    ]);
    for (const secret of [fake.awsKeyId, fake.awsSecret, fake.github, fake.gitlab, fake.slack, fake.npm]) {
      for (const f of found) expect(f.detail).not.toContain(secret.slice(4, -1));
    }
    expect(found[0]!.detail).toBe(`AWS access key ID AKIA…(20 chars)…${fake.awsKeyId.slice(-1)}`);
  });

  it('skips the AWS documentation examples and reports a GCP key file once, as a cloud key', () => {
    expect(findShapedSecrets('AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')).toEqual([]);
    const pem = fake.rsaPem().replace(/\n/g, '\\n');
    const gcp = JSON.stringify({ type: 'service_account', project_id: 'p', private_key_id: 'abcdef0123456789abcdef', private_key: 'PEM' }, null, 2).replace('"PEM"', `"${pem}"`);
    expect(findShapedSecrets(gcp)).toEqual([{ itemId: 'IMG-SECRET-CLOUD-KEY', line: 2, detail: 'GCP service-account key (key id abcd…(22 chars)…f)' }]);
  });
});
