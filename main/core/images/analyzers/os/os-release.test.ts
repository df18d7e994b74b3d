// OS detection from release files: this machine's Debian 12 files, the Alpine and Debian images
// in the fixtures, and the release-file texts of other distributions as they ship them.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { osInfoSchema } from '../../../../../shared/model/os-info';
import { requireFixtures } from '../../../../../tests/support/environment';
import { osFromDpkgPackages, pickOs } from './os-choice';
import { osReleaseAnalyzer, parseReleaseFile, parseShellAssignments } from './os-release';
import { parseDpkgStatus } from './dpkg-status';
import { filesFromDockerSave, imageFixture, run } from './testing';

const fixtures = requireFixtures();

describe('os-release from real systems', () => {
  it.skipIf(!existsSync('/usr/lib/os-release'))('this machine: usr/lib/os-release (etc/os-release links to it) and etc/debian_version', async () => {
    const out = await run(osReleaseAnalyzer, 'usr/lib/os-release', readFileSync('/usr/lib/os-release'));
    expect(out?.os).toMatchObject({ family: 'debian', source: 'usr/lib/os-release' });
    expect(osInfoSchema.parse(out!.os)).toEqual(out!.os);
    const dv = await run(osReleaseAnalyzer, 'etc/debian_version', readFileSync('/etc/debian_version'));
    expect(dv?.os?.family).toBe('debian');
    expect(dv!.os!.version.startsWith(out!.os!.version)).toBe(true); // "12.11" vs "12"
    expect(pickOs([dv!.os, out!.os])).toEqual(out!.os);
  });

  it.skipIf(!fixtures.available)('alpine 3.10.4 and 3.11.5: etc/os-release and etc/alpine-release agree', async () => {
    for (const [file, version] of [['alpine-310.tar.gz', '3.10.4'], ['alpine-311.tar.gz', '3.11.5']] as const) {
      const archive = readFileSync(imageFixture(file));
      const [osRelease] = await filesFromDockerSave(archive, 'etc/os-release');
      const [alpineRelease] = await filesFromDockerSave(archive, 'etc/alpine-release');
      const a = (await run(osReleaseAnalyzer, 'etc/os-release', osRelease!))!.os!;
      const b = (await run(osReleaseAnalyzer, 'etc/alpine-release', alpineRelease!))!.os!;
      expect(a).toEqual({ family: 'alpine', version, codename: null, prettyName: `Alpine Linux v${version.split('.').slice(0, 2).join('.')}`, source: 'etc/os-release' });
      expect(b).toEqual({ family: 'alpine', version, codename: null, prettyName: null, source: 'etc/alpine-release' });
      expect(pickOs([b, a])).toEqual(a);
    }
  });

  it.skipIf(!fixtures.available)('Debian 10 nginx and Debian 8 dockergoof images', async () => {
    const [nginx] = await filesFromDockerSave(readFileSync(imageFixture('snyk/nginx.tar')), 'etc/os-release');
    expect((await run(osReleaseAnalyzer, 'etc/os-release', nginx!))!.os).toEqual({
      family: 'debian', version: '10', codename: 'buster', prettyName: 'Debian GNU/Linux 10 (buster)', source: 'etc/os-release',
    });
    const goof = await filesFromDockerSave(readFileSync(imageFixture('snyk/dockergoof.tar')), 'usr/lib/os-release');
    expect(goof.length).toBeGreaterThan(0);
    const os = (await run(osReleaseAnalyzer, 'usr/lib/os-release', goof.at(-1)!))!.os!;
    // Debian 8's os-release has no VERSION_CODENAME: the codename comes from VERSION="8 (jessie)".
    expect(os).toMatchObject({ family: 'debian', version: '8', codename: 'jessie', source: 'usr/lib/os-release' });
  });
});

describe('release files of other distributions', () => {
  const cases: Array<[string, string, Partial<ReturnType<typeof parseReleaseFile>> | null]> = [
    ['etc/redhat-release', 'CentOS Linux release 7.9.2009 (Core)\n', { family: 'centos', version: '7.9.2009', codename: 'core' }],
    ['etc/centos-release', 'CentOS Stream release 9\n', { family: 'centos', version: '9', codename: null }],
    ['etc/redhat-release', 'Red Hat Enterprise Linux release 8.9 (Ootpa)\n', { family: 'rhel', version: '8.9', codename: 'ootpa' }],
    ['etc/redhat-release', 'Red Hat Enterprise Linux Server release 7.9 (Maipo)\n', { family: 'rhel', version: '7.9' }],
    ['etc/redhat-release', 'Rocky Linux release 9.3 (Blue Onyx)\n', { family: 'rocky', version: '9.3', codename: null }],
    ['etc/redhat-release', 'AlmaLinux release 9.3 (Shamrock Pearl)\n', { family: 'almalinux', version: '9.3' }],
    ['etc/redhat-release', 'Fedora release 39 (Thirty Nine)\n', { family: 'fedora', version: '39' }],
    ['etc/system-release', 'Amazon Linux release 2 (Karoo)\n', { family: 'amzn', version: '2', codename: 'karoo' }],
    ['etc/system-release', 'Oracle Linux Server release 8.9\n', { family: 'ol', version: '8.9' }],
    ['etc/redhat-release', 'Something Else release 1\n', null],
    ['etc/lsb-release', 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=22.04\nDISTRIB_CODENAME=jammy\nDISTRIB_DESCRIPTION="Ubuntu 22.04.3 LTS"\n', { family: 'ubuntu', version: '22.04', codename: 'jammy', prettyName: 'Ubuntu 22.04.3 LTS' }],
    ['etc/debian_version', 'bookworm/sid\n', { family: 'debian', version: 'bookworm/sid' }],
    ['etc/alpine-release', '3.20.0_alpha20240329\n', { family: 'alpine', version: '3.20.0_alpha20240329' }],
    ['etc/alpine-release', '\n', null],
    [
      'etc/os-release',
      'NAME="Red Hat Enterprise Linux"\nVERSION="9.3 (Plow)"\nID="rhel"\nID_LIKE="fedora"\nVERSION_ID="9.3"\nPRETTY_NAME="Red Hat Enterprise Linux 9.3 (Plow)"\n',
      { family: 'rhel', version: '9.3', codename: 'plow', prettyName: 'Red Hat Enterprise Linux 9.3 (Plow)' },
    ],
    [
      'usr/lib/os-release',
      'NAME="Ubuntu"\nVERSION="22.04.3 LTS (Jammy Jellyfish)"\nID=ubuntu\nID_LIKE=debian\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nUBUNTU_CODENAME=jammy\n',
      { family: 'ubuntu', version: '22.04', codename: 'jammy', prettyName: 'Ubuntu' },
    ],
    ['etc/os-release', 'PRETTY_NAME="Debian GNU/Linux trixie/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=trixie\nID=debian\n', { family: 'debian', version: '', codename: 'trixie' }],
    ['etc/os-release', "NAME='openSUSE Leap'\nID='opensuse-leap'\nVERSION_ID='15.5'\n", { family: 'opensuse-leap', version: '15.5' }],
    ['etc/os-release', 'ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\nVERSION_ID="20230201"\n', { family: 'wolfi', version: '20230201' }],
    ['etc/os-release', 'NAME=Arch\n', null],
  ];
  for (const [file, text, expected] of cases) {
    it(`${file}: ${JSON.stringify(text.split('\n')[0])}`, () => {
      const os = parseReleaseFile(file, text);
      if (expected === null) expect(os).toBeNull();
      else {
        expect(os).toMatchObject({ ...expected, source: file });
        expect(osInfoSchema.parse(os)).toEqual(os);
      }
    });
  }

  it('os-release quoting: escapes, single quotes, comments, CRLF, unterminated quotes', () => {
    const v = parseShellAssignments('# c\nA="x \\"y\\" \\$z"\nB=\'a b\'\r\nC=bare # comment\nD="open\n 9BAD=1\nE\n=F\n');
    expect(Object.fromEntries(v)).toEqual({ A: 'x "y" $z', B: 'a b', C: 'bare', D: 'open' });
  });

  it('the analyzer wants only the release files, and notes ones it cannot read', async () => {
    const wants = (p: string) => osReleaseAnalyzer.wants({ path: p, size: 10, mode: 0o644 }, Buffer.alloc(0));
    expect(['etc/os-release', 'usr/lib/os-release', 'etc/alpine-release', 'etc/lsb-release', 'etc/system-release'].every(wants)).toBe(true);
    expect(wants('etc/os-release.bak')).toBe(false);
    expect(wants('usr/etc/os-release')).toBe(false);
    expect(await run(osReleaseAnalyzer, 'etc/os-release', Buffer.from([0xff, 0xfe, 0, 1, 2]))).toEqual({ notes: ['etc/os-release: not a text file, OS not read from it'] });
    expect(await run(osReleaseAnalyzer, 'etc/os-release', Buffer.from('hello\n'))).toEqual({ notes: ['etc/os-release: no distribution and version found in it'] });
  });
});

describe('OS choice at merge time', () => {
  const os = (family: string, version: string, source: string, codename: string | null = null) => ({ family, version, codename, prettyName: null, source });

  it('os-release wins over the distribution files; Ubuntu is not the debian_version’s "debian"', () => {
    expect(pickOs([os('debian', 'bookworm/sid', 'etc/debian_version'), os('ubuntu', '22.04', 'etc/os-release')])?.family).toBe('ubuntu');
    expect(pickOs([os('debian', 'bookworm/sid', 'etc/debian_version'), os('ubuntu', '22.04', 'etc/lsb-release')])?.family).toBe('ubuntu');
    expect(pickOs([os('centos', '7', 'usr/lib/os-release'), os('centos', '7.9.2009', 'etc/centos-release'), os('centos', '7', 'etc/os-release')])?.source).toBe('etc/os-release');
    expect(pickOs([])).toBeNull();
    expect(pickOs([null, undefined])).toBeNull();
  });

  it('fills a missing version from a file of the same family (Debian testing)', () => {
    expect(pickOs([os('debian', '', 'etc/os-release', 'trixie'), os('debian', 'trixie/sid', 'etc/debian_version')])).toEqual(
      { family: 'debian', version: 'trixie/sid', codename: 'trixie', prettyName: null, source: 'etc/os-release' },
    );
  });

  it('distroless: Debian from the dpkg status.d base-files package', () => {
    const stanza = (name: string, version: string) => `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\n`;
    const pkgs = (name: string, version: string) => parseDpkgStatus(stanza(name, version), `var/lib/dpkg/status.d/${name}`).packages;
    expect(osFromDpkgPackages([...pkgs('libc6', '2.36-9+deb12u4'), ...pkgs('base-files', '12.4+deb12u5')])).toEqual({
      family: 'debian', version: '12', codename: 'bookworm', prettyName: null, source: 'var/lib/dpkg/status.d/base-files',
    });
    expect(osFromDpkgPackages(pkgs('base-files', '11.1+deb11u9'))?.version).toBe('11');
    expect(osFromDpkgPackages(pkgs('libc6', '2.36-9'))).toEqual({ family: 'debian', version: '', codename: null, prettyName: null, source: 'var/lib/dpkg/status.d/libc6' });
    expect(osFromDpkgPackages(pkgs('base-files', '12ubuntu4.6'))).toBeNull();
    expect(osFromDpkgPackages([])).toBeNull();
    // An os-release, if the image has one after all, still wins over it.
    const fromDpkg = osFromDpkgPackages(pkgs('base-files', '12.4+deb12u5'));
    expect(pickOs([fromDpkg, os('debian', '12', 'etc/os-release', 'bookworm')])?.source).toBe('etc/os-release');
    expect(pickOs([fromDpkg])?.source).toBe('var/lib/dpkg/status.d/base-files');
  });
});
