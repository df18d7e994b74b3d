import { describe, expect, it } from 'vitest';
import { credentialFileKind, findCredentialFileSecrets } from './credential-files';
import { fake } from './fake-secrets.testkit';

describe('credential files', () => {
  it('recognises them by path', () => {
    expect(credentialFileKind('root/.pgpass')).toBe('pgpass');
    expect(credentialFileKind('home/app/.netrc')).toBe('netrc');
    expect(credentialFileKind('root/.git-credentials')).toBe('git-credentials');
    expect(credentialFileKind('app/.npmrc')).toBe('npmrc');
    expect(credentialFileKind('root/.docker/config.json')).toBe('docker-config');
    expect(credentialFileKind('kaniko/.docker/config.json')).toBe('docker-config');
    expect(credentialFileKind('app/config.json')).toBeNull();
  });

  it('reads each format, redacted', () => {
    expect(findCredentialFileSecrets('pgpass', 'db:5432:app:appuser:S3cretPassw0rd\n*:*:*:x:\n').map((f) => f.detail)).toEqual(['PostgreSQL password for appuser@db: S…(14 chars)…d']);
    expect(findCredentialFileSecrets('netrc', 'machine example.com login me password Pa55word-long\n').map((f) => f.detail)).toEqual(['.netrc password for example.com: P…(13 chars)…g']);
    expect(findCredentialFileSecrets('git-credentials', `https://bot:${fake.github}@github.com\n`).map((f) => f.detail)).toEqual([`git credentials for github.com (user bot): ghp_…(40 chars)…${fake.github.slice(-1)}`]);
    expect(findCredentialFileSecrets('npmrc', `registry=https://r.example/\n//r.example/:_authToken=${fake.npm}\n//x/:_authToken=\${NPM_TOKEN}\n`).map((f) => [f.itemId, f.line])).toEqual([['IMG-SECRET-TOKEN', 2]]);
    const docker = JSON.stringify({ auths: { 'registry.example.com': { auth: Buffer.from('user:secretpw').toString('base64') }, 'empty.example.com': {} }, credsStore: 'desktop' });
    expect(findCredentialFileSecrets('docker-config', docker).map((f) => f.detail)).toEqual(['registry credentials for registry.example.com (user user): …(8 chars)…']);
    expect(findCredentialFileSecrets('docker-config', JSON.stringify({ auths: { r: { identitytoken: 'eyJhbGciOiJSUzI1NiJ9.payload' } } })).map((f) => f.detail)).toEqual(['registry credentials for r: eyJh…(28 chars)…d']);
    expect(findCredentialFileSecrets('docker-config', '{not json')).toEqual([]);
  });
});
