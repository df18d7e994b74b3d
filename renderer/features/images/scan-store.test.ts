import { describe, expect, it } from 'vitest';
import { repositoryOf } from './ScanDialog';
import { specForRow, specKey } from './scan-store';

describe('scan targets of listed images', () => {
  it('scans engine images by reference and stored ones by their kind and path or reference', () => {
    expect(specForRow({ source: 'docker', sourceRef: 'alpine:3.20' })).toEqual({ kind: 'docker', ref: 'alpine:3.20' });
    expect(specForRow({ source: 'archive', sourceRef: '/x.tar' })).toEqual({ kind: 'archive', path: '/x.tar' });
    expect(specForRow({ source: 'oci', sourceRef: '/layouts/app' })).toEqual({ kind: 'oci', path: '/layouts/app' });
    expect(specForRow({ source: 'registry', sourceRef: 'reg.example/app:1' })).toEqual({ kind: 'registry', ref: 'reg.example/app:1' });
    expect(specKey({ kind: 'archive', path: '/x.tar' })).toBe('archive:/x.tar');
  });
  it('takes the repository out of a reference for "scan all tags"', () => {
    expect(repositoryOf('registry.example.com:5000/team/app:1.4')).toBe('registry.example.com:5000/team/app');
    expect(repositoryOf('registry.example.com:5000/team/app')).toBe('registry.example.com:5000/team/app');
    expect(repositoryOf('alpine@sha256:abcd')).toBe('alpine');
    expect(repositoryOf('alpine:3.20')).toBe('alpine');
  });
});
