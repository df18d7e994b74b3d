// CVSS base scores against published NVD scores for well-known CVEs, and against the GitHub
// Advisory Database's own ratings of the ghsa-npm fixtures.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { severityFromScore } from '../../../shared/model/severity';
import { cvss2BaseScore, cvss3BaseScore, cvssBaseScore, cvssSeverity, parseVector, roundUp31 } from './cvss';
import { advisoriesDir, requireFixtures } from './testing/fixtures';

describe('CVSS v3.x base score', () => {
  // [vector, NVD base score, example]
  const known: [string, number, string][] = [
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8, 'CVE-2019-0708 (BlueKeep)'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10.0, 'CVE-2021-44228 (Log4Shell)'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', 7.5, 'CVE-2014-0160 (Heartbleed)'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H', 7.5, 'CVE-2020-1967 (openssl)'],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', 5.9, 'CVE-2021-3449 (openssl)'],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N', 7.4, 'CVE-2021-3450 (openssl)'],
    ['CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:N/A:N', 5.6, 'CVE-2017-5753 (Spectre v1)'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L', 5.3, 'CVE-2020-28500 (lodash)'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1, 'reflected XSS'],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 7.8, 'local privilege escalation'],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H', 8.8, 'authenticated RCE'],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', 8.1, 'race-condition RCE'],
    ['CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H', 7.2, 'admin RCE'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H', 8.8, 'user-assisted RCE'],
    ['CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N', 6.4, 'stored XSS (3.0)'],
    ['CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N', 5.9, 'remote, high complexity, confidentiality only'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N', 6.5, 'open redirect'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0, 'no impact'],
  ];
  it.each(known)('%s = %s (%s)', (vector, score) => {
    expect(cvss3BaseScore(vector)).toBe(score);
    expect(cvssBaseScore(vector)).toBe(score);
  });

  it('reads temporal and environmental metrics but scores the base only', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C')).toBe(9.8);
  });

  it('refuses incomplete or unknown vectors', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H')).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeNull();
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeNull();
    expect(cvss3BaseScore('nonsense')).toBeNull();
    expect(parseVector('')).toBeNull();
  });

  it("3.1's Roundup works on integers (no 4.000001 → 4.1)", () => {
    expect(roundUp31(4.0)).toBe(4.0);
    expect(roundUp31(4.000001)).toBe(4.0);
    expect(roundUp31(4.02)).toBe(4.1);
  });
});

describe('CVSS v2 base score', () => {
  const known: [string, number, string][] = [
    ['AV:N/AC:L/Au:N/C:C/I:C/A:C', 10.0, 'CVE-2014-6271 (Shellshock)'],
    ['AV:N/AC:L/Au:N/C:P/I:N/A:N', 5.0, 'CVE-2014-0160 (Heartbleed)'],
    ['AV:N/AC:M/Au:N/C:P/I:P/A:P', 6.8, 'typical remote code execution'],
    ['AV:L/AC:L/Au:N/C:C/I:C/A:C', 7.2, 'local root'],
    ['AV:N/AC:M/Au:N/C:N/I:P/A:N', 4.3, 'XSS'],
    ['AV:N/AC:L/Au:S/C:P/I:P/A:P', 6.5, 'authenticated'],
    ['AV:L/AC:L/Au:N/C:P/I:N/A:N', 2.1, 'local disclosure'],
    ['AV:N/AC:H/Au:N/C:P/I:P/A:P', 5.1, 'hard remote'],
    ['AV:N/AC:L/Au:N/C:P/I:P/A:P', 7.5, 'remote partial'],
    ['(AV:L/AC:M/Au:N/C:C/I:C/A:C)', 6.9, 'parenthesised form'],
  ];
  it.each(known)('%s = %s (%s)', (vector, score) => {
    expect(cvss2BaseScore(vector)).toBe(score);
    expect(cvssBaseScore(vector)).toBe(score);
  });
  it('accepts the CVSS:2.0/ prefix', () => {
    expect(cvss2BaseScore('CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C')).toBe(10);
  });
});

describe('CVSS v4 and banding', () => {
  it('gives v4 vectors no score (no lookup tables here) and does not band on them', () => {
    const v4 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(cvssBaseScore(v4)).toBeNull();
    expect(cvssSeverity([{ type: 'CVSS_V4', vector: v4, score: null, source: 'ghsa' }])).toBeNull();
    expect(cvssSeverity([{ type: 'CVSS_V4', vector: v4, score: 9.3, source: 'published' }])).toBe('critical');
  });
  it('prefers v3 over v2, and bands v2 on its own scale', () => {
    expect(
      cvssSeverity([
        { type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score: 10, source: 'nvd' },
        { type: 'CVSS_V3', vector: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H', score: 5.9, source: 'nvd' },
      ]),
    ).toBe('medium');
    expect(cvssSeverity([{ type: 'CVSS_V2', vector: 'AV:N/AC:L/Au:N/C:C/I:C/A:C', score: 10, source: 'nvd' }])).toBe('high');
  });
});

describe('CVSS against the GitHub Advisory Database (ghsa-npm fixtures)', () => {
  const fixtures = requireFixtures();
  it.skipIf(!fixtures.available)('bands every CVSS_V3 vector as GitHub rated it, but one GitHub rated lower', () => {
    const dir = path.join(advisoriesDir, 'ghsa-npm');
    const disagree: string[] = [];
    let checked = 0;
    for (const f of fs.readdirSync(dir)) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      for (const s of doc.severity ?? []) {
        if (s.type !== 'CVSS_V3') continue;
        const score = cvss3BaseScore(s.score);
        expect(score, `${f}: ${s.score}`).not.toBeNull();
        checked++;
        const github = String(doc.database_specific.severity).toLowerCase().replace('moderate', 'medium');
        if (severityFromScore(score!) !== github) disagree.push(`${doc.id} ${score} ${github}`);
      }
    }
    expect(checked).toBe(47);
    // GHSA-jj78-5fmv-mv28 scores 4.7 (medium) but GitHub rated it LOW: vendor ratings win.
    expect(disagree).toEqual(['GHSA-jj78-5fmv-mv28 4.7 low']);
  });
});
