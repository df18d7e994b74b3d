import { describe, expect, it } from 'vitest';
import type { FindingRow } from '../../../shared/contracts/vulnerabilities';
import { compareVersionsOf, groupFindings, highestVersion, summaryText } from './group-findings';

let nextId = 1;
function finding(over: Partial<FindingRow>): FindingRow {
  return {
    id: nextId++,
    imageId: 'sha256:img',
    imageName: 'alpine:3.10',
    cvssScore: null,
    vulnId: 'CVE-0000-0000',
    aliases: [],
    title: null,
    severity: 'medium',
    severitySource: 'vendor',
    cvss: [],
    fixState: 'fixed',
    fixedVersion: null,
    source: 'osv:Alpine',
    references: [],
    published: null,
    packageType: 'apk',
    packageName: 'libssl1.1',
    packageVersion: '1.1.1d-r2',
    matchedName: 'openssl',
    packagePath: 'lib/apk/db/installed',
    layerIndex: 0,
    layerDiffId: 'sha256:layer',
    ignored: null,
    ...over,
  };
}

describe('highestVersion', () => {
  it('uses the ecosystem order, not string order', () => {
    expect(highestVersion('apk', ['1.1.1g-r0', '1.1.1k-r0', '1.1.1i-r0', null])).toBe('1.1.1k-r0');
    expect(highestVersion('apk', ['2.10.6-r0', '2.10.10-r0'])).toBe('2.10.10-r0');
    expect(highestVersion('deb', ['1:1.0', '2.0'])).toBe('1:1.0');
    expect(highestVersion('npm', [])).toBeNull();
    expect(compareVersionsOf('pypi', '1.0rc1', '1.0')).toBeLessThan(0);
  });
  it('falls back to a natural order for versions the ecosystem cannot read', () => {
    expect(highestVersion('npm', ['build-2', 'build-10'])).toBe('build-10');
  });
});

describe('groupFindings', () => {
  it('groups by package, with the version that fixes every active finding', () => {
    const rows = [
      finding({ vulnId: 'CVE-2020-1967', severity: 'high', fixedVersion: '1.1.1g-r0' }),
      finding({ vulnId: 'CVE-2021-3450', severity: 'high', fixedVersion: '1.1.1k-r0' }),
      finding({ vulnId: 'CVE-2021-23839', severity: 'low', fixedVersion: '1.1.1j-r0' }),
      finding({ packageName: 'apk-tools', packageVersion: '2.10.4-r2', vulnId: 'CVE-2021-36159', severity: 'critical', fixedVersion: '2.10.7-r0' }),
      finding({ packageName: 'zlib', packageVersion: '1.2.11-r1', vulnId: 'CVE-2022-37434', severity: 'critical', fixState: 'not-fixed', ignored: { id: 1, scope: 'this-image', reason: 'n/a', expiresAt: null } }),
    ];
    const groups = groupFindings(rows);
    expect(groups.map((g) => g.packageName)).toEqual(['apk-tools', 'libssl1.1', 'zlib']);
    const ssl = groups[1]!;
    expect(ssl.findings.map((f) => f.vulnId)).toEqual(['CVE-2020-1967', 'CVE-2021-3450', 'CVE-2021-23839']);
    expect(ssl.fixedIn).toBe('1.1.1k-r0');
    expect(ssl.worst).toBe('high');
    expect(ssl.active).toBe(3);
    const zlib = groups[2]!;
    expect(zlib.active).toBe(0); // everything ignored: listed last
    expect(zlib.fixedIn).toBeNull();
    expect(zlib.withoutFix).toBe(0);
  });
  it('keeps packages with the same name but another version or path apart', () => {
    const groups = groupFindings([
      finding({ packageType: 'npm', packageName: 'lodash', packageVersion: '4.17.15', packagePath: 'app/node_modules/lodash/package.json' }),
      finding({ packageType: 'npm', packageName: 'lodash', packageVersion: '4.17.15', packagePath: 'srv/node_modules/lodash/package.json' }),
    ]);
    expect(groups).toHaveLength(2);
  });
  it('counts active findings with no fix', () => {
    const [group] = groupFindings([finding({ fixState: 'not-fixed' }), finding({ fixState: 'wont-fix' }), finding({ fixedVersion: '1.1.1g-r0' })]);
    expect(group!.withoutFix).toBe(2);
    expect(group!.fixedIn).toBe('1.1.1g-r0');
  });
});

describe('summaryText', () => {
  it('says how many findings, in how many packages, and when only the first were loaded', () => {
    expect(summaryText(20, 20, 7, 2)).toBe('20 findings in 7 packages · 2 ignored');
    expect(summaryText(1, 1, 1, null)).toBe('1 finding in 1 package');
    expect(summaryText(100_000, 5000, 50, 0)).toBe('100,000 findings (50 packages in the first 5,000) · 0 ignored');
  });
});
