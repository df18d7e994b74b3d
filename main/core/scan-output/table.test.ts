import { describe, expect, it } from 'vitest';
import { renderTable } from './table';
import { alpineAppReport, plainAlpineReport } from './scan-report.testkit';
import { severityRank, type Severity } from '../../../shared/model/severity';

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string): string => s.replace(/\u001b\[[0-9;]*m/g, '');
const width = (s: string): number => Array.from(s).length;

describe('table', () => {
  const report = alpineAppReport();
  const out = renderTable(report);
  const lines = out.trimEnd().split('\n');
  const rows = lines.slice(4).filter((l) => /^(CRITICAL|HIGH|MEDIUM|LOW|NEGLIGIBLE|UNKNOWN) /.test(l));

  it('starts with a summary line: image, OS, packages, counts by severity', () => {
    expect(lines[0]).toBe('registry.example.com/team/app:1.4.2 (alpine 3.10.4) - 24 packages - 17 vulnerabilities: 2 critical, 9 high, 5 medium, 1 unknown');
  });

  it('has the columns, and one row per finding that is not ignored', () => {
    expect(lines[2]).toMatch(/^Severity\s+ID\s+Package\s+Installed\s+Fixed\s+Layer\s+Title$/);
    expect(rows).toHaveLength(17);
    for (const f of report.vulnerabilities.filter((v) => !v.ignored)) {
      expect(rows.some((r) => r.includes(f.vulnId) && r.includes(f.packageVersion)), `${f.vulnId} ${f.packageName}`).toBe(true);
    }
  });

  it('sorts by severity, then package', () => {
    const severities = rows.map((r) => r.split(/\s+/)[0]?.toLowerCase() as Severity);
    for (let i = 1; i < severities.length; i += 1) {
      expect(severityRank(severities[i - 1] as Severity)).toBeGreaterThanOrEqual(severityRank(severities[i] as Severity));
    }
    expect(rows[0]).toMatch(/^CRITICAL\s+CVE-2021-36159\s+apk-tools\s+2\.10\.4-r2\s+2\.10\.7-r0\s+0\s+libfetch/);
    expect(rows[1]).toMatch(/^CRITICAL\s+PYSEC-2020-176\s+pyyaml\s+5\.1\.2\s+5\.2b1\s+2\s+PyYAML/);
    const highs = rows.filter((r) => r.startsWith('HIGH')).map((r) => r.split(/\s+/)[2] ?? '');
    expect(highs).toEqual([...highs].sort());
  });

  it('shows the layer index and says when there is no fix', () => {
    const lodashSet = rows.find((r) => r.includes('lodash.set'));
    expect(lodashSet).toMatch(/4\.3\.2\s+not fixed\s+1\s+Prototype Pollution in lodash$/);
    expect(rows.find((r) => r.includes('github.com/gin-gonic/gin'))).toMatch(/v1\.5\.0\s+v1\.6\.0\s+3\s+/);
  });

  it('hides ignored findings with a count, or lists them marked', () => {
    expect(out).not.toContain('CVE-2021-28831');
    expect(lines.at(-1)).toBe('2 ignored');
    const all = renderTable(report, { showIgnored: true });
    const ignoredRows = all.split('\n').filter((l) => l.includes('CVE-2021-28831'));
    expect(ignoredRows).toHaveLength(2);
    for (const row of ignoredRows) expect(row).toContain('[ignored] Invalid free');
    expect(all).not.toContain('2 ignored');
  });

  it.each([120, 100, 80])('fits every line into width %i, cutting titles', (w) => {
    const text = renderTable(report, { width: w });
    const body = text.trimEnd().split('\n').slice(1); // the summary line is not cut
    for (const line of body) expect(width(line), line).toBeLessThanOrEqual(w);
    expect(text).toContain('…');
    // ids are never cut
    for (const f of report.vulnerabilities.filter((v) => !v.ignored)) expect(text).toContain(f.vulnId);
  });

  it('uses no escape codes unless asked, then colours severities', () => {
    expect(out).not.toContain('\u001b[');
    const colored = renderTable(report, { color: true });
    expect(colored).toContain('\u001b[1;31mCRITICAL');
    expect(colored).toContain('\u001b[31mHIGH');
    expect(colored).toContain('\u001b[33mMEDIUM');
    expect(stripAnsi(colored)).toBe(out);
  });

  it('says "No vulnerabilities found" when there are none', () => {
    const empty = renderTable(plainAlpineReport());
    expect(empty).toBe('alpine:3.10 (alpine 3.10.4) - 14 packages - 0 vulnerabilities\nNo vulnerabilities found\n');
    const onlyIgnored = alpineAppReport({ vulnerabilities: report.vulnerabilities.filter((f) => f.ignored) });
    expect(renderTable(onlyIgnored)).toContain('No vulnerabilities found (2 ignored)');
  });
});
