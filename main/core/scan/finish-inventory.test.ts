import { describe, expect, it } from 'vitest';
import type { ImagePackage } from '../../../shared/model/package';
import { finishInventory } from './finish-inventory';

const pkg = (over: Partial<ImagePackage>): ImagePackage => ({
  type: 'deb', name: 'x', version: '1', sourceName: null, sourceVersion: null, namespace: null, arch: null, purl: 'pkg:deb/debian/x@1',
  licenses: [], path: 'var/lib/dpkg/status', installedBy: null, layerIndex: 0, layerDiffId: 'sha256:a', ...over,
});

describe('finishInventory', () => {
  it('marks language packages whose declaring file an OS package owns, and only those', () => {
    const os = { family: 'debian', version: '12', codename: 'bookworm', prettyName: null, source: 'etc/os-release' };
    const owned = new Set(['usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA']);
    const out = finishInventory(
      [
        pkg({ name: 'python3-yaml', purl: 'pkg:deb/debian/python3-yaml@6.0-3?arch=amd64' }),
        pkg({ type: 'pypi', name: 'pyyaml', path: 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA', purl: 'pkg:pypi/pyyaml@6.0' }),
        pkg({ type: 'pypi', name: 'requests', path: 'usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA', purl: 'pkg:pypi/requests@2.31.0' }),
      ],
      os,
      owned,
    );
    expect(out.map((p) => p.installedBy)).toEqual([null, 'deb', null]);
    expect(out[0]!.purl).toMatch(/^pkg:deb\/debian\/python3-yaml@6\.0-3\?arch=amd64&distro=/);
    expect(out[1]!.purl).toBe('pkg:pypi/pyyaml@6.0');
  });
});
