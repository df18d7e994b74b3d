import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { parseReportJson, renderJson } from './json';
import { alpineAppReport } from './scan-report.testkit';
import type { ScanReport } from '../../../shared/model/scan-report';

describe('json', () => {
  const report = alpineAppReport();

  it('writes the report as pretty JSON that reads back to the same report', () => {
    const text = renderJson(report);
    expect(text.startsWith('{\n  "schemaVersion": 1,')).toBe(true);
    expect(parseReportJson(text)).toEqual(report);
    const parsed = JSON.parse(text) as ScanReport;
    expect(parsed.vulnerabilities).toHaveLength(19);
    expect(parsed.vulnerabilities.filter((f) => f.ignored)).toHaveLength(2);
    expect(parsed.packages.map((p) => p.purl)).toContain('pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.4');
    expect(renderJson(report, { indent: 0 })).toBe(`${JSON.stringify(report)}\n`);
  });

  it('writes what the schema says: unknown keys dropped, defaults filled in', () => {
    const loose = { ...report, extra: 'dropped', packages: report.packages.map(({ installedBy: _drop, ...p }) => p) } as unknown as ScanReport;
    const parsed = JSON.parse(renderJson(loose)) as ScanReport & { extra?: string };
    expect(parsed.extra).toBeUndefined();
    expect(parsed.packages.every((p) => p.installedBy === null)).toBe(true);
  });

  it('refuses a report that does not fit the schema', () => {
    const bad = { ...report, vulnerabilities: [{ ...report.vulnerabilities[0], severity: 'severe' }] } as unknown as ScanReport;
    expect(() => renderJson(bad)).toThrow(ZodError);
    expect(() => parseReportJson('{"schemaVersion": 2}')).toThrow(ZodError);
  });
});
