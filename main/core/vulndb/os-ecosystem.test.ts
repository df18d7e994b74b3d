// os-release facts to OSV ecosystem strings, and language package names to OSV's.
import { describe, expect, it } from 'vitest';
import { normalizeEcosystem, packageKey } from './advisory-record';
import { ecosystemsForInventory, languageEcosystem, osEcosystems, osPackageTypeFor, osvPackageName, osvVersion } from './os-ecosystem';
import { osInfo, pkg } from './testing/fixtures';

describe('osEcosystems', () => {
  it.each([
    [osInfo('alpine', '3.10.4'), ['Alpine:v3.10']],
    [osInfo('alpine', '3.20.0_alpha20240329'), ['Alpine:v3.20']],
    [osInfo('alpine', '3.21_edge'), ['Alpine:edge']],
    [osInfo('debian', '12', 'bookworm'), ['Debian:12']],
    [osInfo('debian', '11.9'), ['Debian:11']],
    [osInfo('debian', '', 'trixie'), ['Debian:13']],
    [osInfo('debian', 'bookworm/sid', null), ['Debian:12']],
    [osInfo('ubuntu', '22.04', 'jammy'), ['Ubuntu:22.04:LTS', 'Ubuntu:22.04']],
    [osInfo('ubuntu', '23.10'), ['Ubuntu:23.10']],
    [osInfo('rocky', '9.3'), ['Rocky Linux:9']],
    [osInfo('almalinux', '8.9'), ['AlmaLinux:8']],
    [osInfo('rhel', '9.4'), ['Red Hat:9']],
    [osInfo('opensuse-leap', '15.5'), ['openSUSE:Leap 15.5']],
    [osInfo('sles', '15.5'), ['SUSE:Linux Enterprise Server 15 SP5']],
    [osInfo('wolfi', '20230201'), ['Wolfi']],
    [osInfo('amzn', '2023'), []],
    [osInfo('alpine', ''), []],
  ])('%o → %o', (os, expected) => {
    expect(osEcosystems(os)).toEqual(expected);
  });
  it('knows each family’s package type; no OS, no ecosystem', () => {
    expect(osEcosystems(null)).toEqual([]);
    expect(osPackageTypeFor(osInfo('alpine', '3.19.1'))).toBe('apk');
    expect(osPackageTypeFor(osInfo('ubuntu', '24.04'))).toBe('deb');
    expect(osPackageTypeFor(osInfo('rocky', '9'))).toBe('rpm');
    expect(osPackageTypeFor(osInfo('amzn', '2'))).toBeNull();
  });
  it('Red Hat stream ecosystems collapse to the major release, others stay as OSV writes them', () => {
    expect(normalizeEcosystem('Red Hat:enterprise_linux:9::appstream')).toBe('Red Hat:9');
    expect(normalizeEcosystem('Red Hat:rhel_eus:9.2::baseos')).toBe('Red Hat:rhel_eus:9.2::baseos');
    expect(normalizeEcosystem(' Ubuntu:Pro:18.04:LTS ')).toBe('Ubuntu:Pro:18.04:LTS');
  });
});

describe('language packages', () => {
  it('purl types map to OSV ecosystems', () => {
    expect(['npm', 'pypi', 'golang', 'maven', 'cargo', 'gem', 'composer', 'apk'].map((t) => languageEcosystem(t as never))).toEqual([
      'npm',
      'PyPI',
      'Go',
      'Maven',
      'crates.io',
      'RubyGems',
      'Packagist',
      null,
    ]);
  });
  it('names: npm scope, Maven group:artifact, Go module path, Packagist vendor/name; PEP 503 keys', () => {
    expect(osvPackageName(pkg('npm', 'traverse', '1', { namespace: '@babel' }))).toBe('@babel/traverse');
    expect(osvPackageName(pkg('npm', 'traverse', '1', { namespace: 'babel' }))).toBe('@babel/traverse');
    expect(osvPackageName(pkg('npm', '@babel/traverse', '1', { namespace: '@babel' }))).toBe('@babel/traverse');
    expect(osvPackageName(pkg('maven', 'log4j-core', '1', { namespace: 'org.apache.logging.log4j' }))).toBe('org.apache.logging.log4j:log4j-core');
    expect(osvPackageName(pkg('golang', 'github.com/a/b', 'v1', { namespace: 'github.com/a' }))).toBe('github.com/a/b');
    expect(osvPackageName(pkg('golang', 'b', 'v1', { namespace: 'github.com/a' }))).toBe('github.com/a/b');
    expect(osvPackageName(pkg('composer', 'http-kernel', '1', { namespace: 'symfony' }))).toBe('symfony/http-kernel');
    expect(packageKey('PyPI', 'Flask_AppBuilder')).toBe('flask-appbuilder');
    expect(packageKey('PyPI', 'zope.interface')).toBe('zope-interface');
    expect(packageKey('Packagist', 'Symfony/Http-Kernel')).toBe('symfony/http-kernel');
    expect(packageKey('npm', 'JSONStream')).toBe('JSONStream');
    expect(osvVersion(pkg('golang', 'stdlib', 'go1.21.3'), 'stdlib')).toBe('1.21.3');
    expect(osvVersion(pkg('golang', 'golang.org/x/net', 'v0.17.0'), 'golang.org/x/net')).toBe('v0.17.0');
  });
  it('the ecosystems an inventory needs, for `vigil db update`', () => {
    expect(ecosystemsForInventory(osInfo('debian', '12'), [pkg('deb', 'a', '1'), pkg('npm', 'b', '1'), pkg('pypi', 'c', '1')])).toEqual(['Debian', 'PyPI', 'npm']);
    expect(ecosystemsForInventory(null, [pkg('golang', 'x', 'v1')])).toEqual(['Go']);
  });
});
