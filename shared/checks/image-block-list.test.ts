import { describe, expect, it } from 'vitest';
import { expandRepository, matchBlockList, normaliseImageReference, parseImageName } from './image-block-list';

const refs = (...references: string[]) => ({ references, imageId: null });

describe('image references', () => {
  it('expands Docker Hub short names and keeps other registries', () => {
    expect(expandRepository('nginx')).toBe('docker.io/library/nginx');
    expect(expandRepository('bitnami/nginx')).toBe('docker.io/bitnami/nginx');
    expect(expandRepository('index.docker.io/library/nginx')).toBe('docker.io/library/nginx');
    expect(expandRepository('reg.example.com:5000/team/app')).toBe('reg.example.com:5000/team/app');
    expect(expandRepository('localhost/app')).toBe('localhost/app');
  });

  it('splits tag and digest, and assumes :latest like docker run', () => {
    expect(parseImageName('reg:5000/app:1.2@sha256:ABC')).toEqual({ repository: 'reg:5000/app', tag: '1.2', digest: 'sha256:abc' });
    expect(parseImageName('reg.io:5000/app')).toEqual({ repository: 'reg.io:5000/app', tag: null, digest: null });
    expect(normaliseImageReference('nginx')).toBe('docker.io/library/nginx:latest');
    expect(normaliseImageReference('nginx@sha256:abc')).toBe('docker.io/library/nginx@sha256:abc');
  });
});

describe('block list matching', () => {
  it('matches an exact reference, with or without the docker.io/library prefix', () => {
    expect(matchBlockList(refs('nginx:1.25'), ['docker.io/library/nginx:1.25'])?.entry).toBe('docker.io/library/nginx:1.25');
    expect(matchBlockList(refs('docker.io/library/nginx:1.25'), ['nginx:1.25'])).not.toBeNull();
    expect(matchBlockList(refs('nginx'), ['nginx:latest'])).not.toBeNull();
    expect(matchBlockList(refs('nginx:1.24'), ['nginx:1.25'])).toBeNull();
  });

  it('matches every tag of a repository given without tag', () => {
    expect(matchBlockList(refs('library/nginx:1.24'), ['nginx'])).not.toBeNull();
    expect(matchBlockList(refs('nginx@sha256:abc'), ['nginx'])).not.toBeNull();
    expect(matchBlockList(refs('bitnami/nginx:1'), ['nginx'])).toBeNull();
  });

  it('matches globs: a short one is expanded, one naming its registry or starting with a wildcard is taken as written', () => {
    expect(matchBlockList(refs('xmrig/xmrig:6'), ['docker.io/xmrig*'])).not.toBeNull();
    expect(matchBlockList(refs('xmrig-proxy:2'), ['docker.io/library/xmrig*'])).not.toBeNull();
    expect(matchBlockList(refs('xmrig-proxy:2'), ['xmrig*'])).not.toBeNull();
    expect(matchBlockList(refs('reg.example.com/tools/cryptominer:1'), ['*miner*'])).not.toBeNull();
    expect(matchBlockList(refs('nginx'), ['xmrig*', '*miner*'])).toBeNull();
  });

  it('matches image IDs and digests by prefix', () => {
    expect(matchBlockList({ references: ['app:1'], imageId: 'sha256:0123456789abcdef' }, ['sha256:0123456789'])).not.toBeNull();
    expect(matchBlockList(refs('app@sha256:feedbeef00'), ['sha256:feedbeef'])).not.toBeNull();
    expect(matchBlockList(refs('app:1'), ['sha256:feedbeef'])).toBeNull();
  });

  it('matches any alias of the image and ignores blank entries', () => {
    expect(matchBlockList(refs('sha256:0000', 'miner:latest'), ['  ', 'miner'])?.reference).toBe('docker.io/library/miner:latest');
  });
});
