// OS package purls, and completing them with the image's OS after detection.
import { PackageURL } from 'packageurl-js';
import { describe, expect, it } from 'vitest';
import type { PackageRecord } from '../../../../../shared/model/package';
import { splitLicenses } from './license-expression';
import { applyOs, distroQualifier, osPurl, withDistro } from './purl';

const os = (family: string, version: string) => ({ family, version, codename: null, prettyName: null, source: 'etc/os-release' });

describe('OS package purls', () => {
  it('the forms the purl spec and Trivy write', () => {
    expect(withDistro(osPurl('deb', 'debian', 'openssl', '3.0.11-1~deb12u2', { arch: 'amd64' }), os('debian', '12'))).toBe(
      'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
    );
    expect(withDistro(osPurl('apk', 'alpine', 'musl', '1.1.22-r3', { arch: 'x86_64' }), os('alpine', '3.10.4'))).toBe(
      'pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.4',
    );
    expect(withDistro(osPurl('rpm', null, 'openssl', '1.1.1k-7.el8', { arch: 'x86_64', epoch: '1' }), os('rhel', '8'))).toBe(
      'pkg:rpm/redhat/openssl@1.1.1k-7.el8?arch=x86_64&distro=rhel-8&epoch=1',
    );
  });

  it('the namespace becomes the OS family (Ubuntu dpkg, SUSE rpm), round-trips through packageurl-js', () => {
    const p = withDistro('pkg:deb/debian/libc6@2.35-0ubuntu3.6?arch=amd64', os('ubuntu', '22.04'));
    expect(p).toBe('pkg:deb/ubuntu/libc6@2.35-0ubuntu3.6?arch=amd64&distro=ubuntu-22.04');
    expect(PackageURL.fromString(p).qualifiers).toEqual({ arch: 'amd64', distro: 'ubuntu-22.04' });
    expect(withDistro('pkg:rpm/suse/glibc@2.31-9.3.2?arch=x86_64', os('sles', '15.3'))).toBe('pkg:rpm/sles/glibc@2.31-9.3.2?arch=x86_64&distro=sles-15.3');
    expect(withDistro(withDistro('pkg:apk/alpine/a@1-r0', os('alpine', '3.19.1')), os('alpine', '3.20.0'))).toBe('pkg:apk/alpine/a@1-r0?distro=3.20.0');
  });

  it('language purls and unparsable strings pass through', () => {
    expect(withDistro('pkg:npm/lodash@4.17.21', os('debian', '12'))).toBe('pkg:npm/lodash@4.17.21');
    expect(withDistro('not a purl', os('debian', '12'))).toBe('not a purl');
    expect(distroQualifier(os('debian', ''))).toBe('debian');
    expect(distroQualifier(os('wolfi', '20230201'))).toBe('20230201');
  });

  it('applyOs completes an OS PackageRecord and leaves others alone', () => {
    const deb: PackageRecord = {
      type: 'deb', name: 'bash', version: '5.2.15-2+b2', sourceName: 'bash', sourceVersion: '5.2.15-2', namespace: 'debian',
      arch: 'amd64', purl: 'pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64', licenses: [], path: 'var/lib/dpkg/status', installedBy: null,
    };
    expect(applyOs(deb, os('debian', '12'))).toEqual({ ...deb, purl: 'pkg:deb/debian/bash@5.2.15-2+b2?arch=amd64&distro=debian-12' });
    const npm: PackageRecord = { ...deb, type: 'npm', purl: 'pkg:npm/x@1' };
    expect(applyOs(npm, os('debian', '12'))).toBe(npm);
  });
});

describe('license fields', () => {
  const cases: Array<[string | null, string[]]> = [
    [null, []],
    ['', []],
    ['MIT', ['MIT']],
    ['MIT BSD GPL2+', ['MIT', 'BSD', 'GPL-2.0-or-later']],
    ['MPL-2.0 GPL-2.0-or-later', ['MPL-2.0', 'GPL-2.0-or-later']],
    ['GPL-2.0-or-later AND LGPL-2.1-or-later', ['GPL-2.0-or-later', 'LGPL-2.1-or-later']],
    ['(MIT OR Apache-2.0) AND Unicode-DFS-2016', ['MIT', 'Apache-2.0', 'Unicode-DFS-2016']],
    ['GPLv2+ and (LGPLv2+ or BSD)', ['GPL-2.0-or-later', 'LGPLv2+', 'BSD']],
    ['GPL-2.0-only WITH Linux-syscall-note', ['GPL-2.0-only WITH Linux-syscall-note']],
    ['LGPL-2.1-or-later WITH GCC-exception-2.0 and GPL-2.0-or-later', ['LGPL-2.1-or-later WITH GCC-exception-2.0', 'GPL-2.0-or-later']],
    ['OpenSSL and ASL 2.0', ['OpenSSL', 'Apache-2.0']],
    ['MIT, MIT', ['MIT']],
    ['zlib', ['Zlib']],
    ['AND OR WITH', []],
  ];
  for (const [field, expected] of cases) it(JSON.stringify(field), () => expect(splitLicenses(field)).toEqual(expected));
});
