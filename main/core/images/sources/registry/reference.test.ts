import { describe, expect, it } from 'vitest';
import { RpcError } from '../../../../../shared/contracts/errors';
import { formatReference, parseReference } from './reference';
import { parseChallenge } from './registry-client';

describe('parseReference', () => {
  it('applies Docker Hub defaults', () => {
    expect(parseReference('alpine')).toEqual({ registry: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest', digest: null, familiarName: 'alpine' });
    expect(parseReference('docker.io/bitnami/redis:7.2')).toEqual({ registry: 'registry-1.docker.io', repository: 'bitnami/redis', tag: '7.2', digest: null, familiarName: 'bitnami/redis' });
    expect(parseReference('index.docker.io/library/ubuntu:22.04').familiarName).toBe('ubuntu');
  });

  it('reads registries with ports, localhost, digests and tags', () => {
    const digest = 'sha256:' + 'a'.repeat(64);
    expect(parseReference(`registry.example.com:5000/team/app:1.2@${digest}`)).toEqual({ registry: 'registry.example.com:5000', repository: 'team/app', tag: '1.2', digest, familiarName: 'registry.example.com:5000/team/app' });
    expect(parseReference('localhost/app')).toMatchObject({ registry: 'localhost', repository: 'app', tag: 'latest' });
    expect(parseReference(`127.0.0.1:5000/app@${digest}`)).toMatchObject({ registry: '127.0.0.1:5000', tag: null, digest });
    expect(parseReference('ghcr.io/org/sub/app:v1')).toMatchObject({ registry: 'ghcr.io', repository: 'org/sub/app' });
    expect(formatReference(parseReference('alpine:3.19'))).toBe('alpine:3.19');
  });

  it('rejects what is not a reference', () => {
    for (const bad of ['', 'app/UPPER', 'app:bad tag', 'app@sha256:123', 'a//b', ':tag']) expect(() => parseReference(bad)).toThrow(RpcError);
  });
});

describe('parseChallenge', () => {
  it('reads bearer and basic challenges', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull' },
    });
    expect(parseChallenge('Basic realm="Registry Realm"')).toEqual({ scheme: 'basic', params: { realm: 'Registry Realm' } });
    expect(parseChallenge('Negotiate')).toBeNull();
  });
});
