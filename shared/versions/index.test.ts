// The ecosystem switchboard: names, errors, and that each name reaches the right rules.
import { describe, expect, it } from 'vitest';
import { ECOSYSTEMS, InvalidVersionError, compareVersions, comparatorFor, isValidVersion, toEcosystem, tryCompare } from './index';

describe('toEcosystem', () => {
  it('reads OSV ecosystem strings, ignoring the release suffix', () => {
    expect(toEcosystem('Debian:12')).toBe('Debian');
    expect(toEcosystem('Alpine:v3.18')).toBe('Alpine');
    expect(toEcosystem('Ubuntu:22.04:LTS')).toBe('Ubuntu');
    expect(toEcosystem('Red Hat:enterprise_linux:9::appstream')).toBe('Red Hat');
    expect(toEcosystem('crates.io')).toBe('crates.io');
    expect(toEcosystem('Pub')).toBeUndefined();
    expect(toEcosystem('')).toBeUndefined();
  });
});

describe('compareVersions', () => {
  it('has rules for every ecosystem it names', () => {
    for (const e of ECOSYSTEMS) expect(comparatorFor(e).ecosystem).toBe(e);
  });

  // One case per family whose answer differs from a naive dotted-number comparison,
  // each straight from that ecosystem's documentation.
  it.each([
    ['Debian', '1.0~rc1', '1.0', -1], // deb-version(7): '~' sorts before the end
    ['Ubuntu', '1:0.9', '2.0', 1], // the epoch wins
    ['Alpine', '1.2_rc1', '1.2', -1], // apk: _rc is a pre-release suffix
    ['Alpine', '1.2_p1', '1.2', 1], // apk: _p is a post-release suffix
    ['Red Hat', '1.0^git1', '1.0', 1], // rpm >= 4.15: '^' sorts after the end
    ['openSUSE', '1.0~rc1', '1.0', -1],
    ['npm', '1.0.0-beta.11', '1.0.0-beta.2', 1], // SemVer 2.0 §11: numeric identifiers by value
    ['crates.io', '1.0.0+build.1', '1.0.0', 0], // build metadata does not count
    ['Go', 'v1.2.4-0.20191109021931-daa7c04131f5', '1.2.4', -1], // pseudo-version before its release
    ['PyPI', '1.0.dev0', '1.0a0', -1], // PEP 440: dev release of a final before its pre-releases
    ['PyPI', '1!0.1', '2.0', 1], // PEP 440 epoch
    ['Maven', '1.0-SNAPSHOT', '1.0', -1],
    ['Maven', '1.0-sp1', '1.0', 1],
    ['RubyGems', '1.0.0.pre', '1.0.0', -1], // a letter segment is a pre-release
    ['Packagist', '1.0-dev', '1.0-alpha1', -1], // PHP version_compare: dev < alpha
    ['NuGet', '1.0.0-BETA', '1.0.0-beta', 0], // labels compare case-insensitively
    ['NuGet', '1.0.0.1', '1.0.0', 1], // fourth (revision) part
  ] as const)('%s: %s vs %s', (eco, a, b, want) => {
    expect(compareVersions(eco, a, b)).toBe(want);
    expect(compareVersions(eco, b, a)).toBe(0 - want + 0);
  });

  it('throws an error that names the ecosystem and the bad string', () => {
    expect(() => compareVersions('npm', '1.0.0', 'latest')).toThrow(InvalidVersionError);
    expect(() => compareVersions('npm', '1.0.0', 'latest')).toThrow(/npm.*"latest"/);
    expect(() => compareVersions('Debian', '1:', '1.0')).toThrow(/Debian.*"1:"/);
    expect(() => compareVersions('RubyGems', '--', '1.0')).toThrow(/RubyGems/);
  });

  it('tryCompare gives undefined instead of throwing', () => {
    expect(tryCompare('npm', '1.0.0', 'latest')).toBeUndefined();
    expect(tryCompare('Debian', 'a b', '1.0')).toBeUndefined();
    expect(tryCompare('npm', '1.0.0', '1.0.1')).toBe(-1);
  });

  it('isValidVersion is the strict form of each ecosystem', () => {
    expect(isValidVersion('npm', '1.2.3')).toBe(true);
    expect(isValidVersion('npm', '1.2')).toBe(false); // still compares, coerced
    expect(compareVersions('npm', '1.2', '1.2.0')).toBe(0);
    expect(isValidVersion('PyPI', '0.1-bulbasaur')).toBe(false); // legacy, still compares
    expect(isValidVersion('Alpine', '1.0-r1')).toBe(true);
    expect(isValidVersion('Alpine', '1.0-rx')).toBe(false);
    expect(isValidVersion('RubyGems', '1beta')).toBe(false);
  });
});
