import { describe, expect, it } from 'vitest';
import { formatInfo, formats, isOutputFormat, renderCycloneDx, renderJson, renderReport, renderSarif, renderSpdx, renderTable, type OutputFormat } from './index';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { alpineAppReport } from './scan-report.testkit';
import { errorsOf, sarifSchemaValidator, spdxSchemaValidator } from './schemas.testkit';
import type { ScanReport } from '../../../shared/model/scan-report';

describe('renderReport', () => {
  const report = alpineAppReport();

  it('offers the five formats', () => {
    expect(formats).toEqual(['table', 'json', 'sarif', 'cyclonedx', 'spdx']);
    expect(Object.keys(formatInfo).sort()).toEqual([...formats].sort());
    expect(isOutputFormat('sarif')).toBe(true);
    expect(isOutputFormat('xml')).toBe(false);
  });

  it('renders each format with its options', () => {
    expect(renderReport(report, 'table', { width: 90 })).toBe(renderTable(report, { width: 90 }));
    expect(renderReport(report, 'json')).toBe(renderJson(report));
    expect(renderReport(report, 'sarif')).toBe(renderSarif(report));
    expect(renderReport(report, 'cyclonedx', { specVersion: '1.6' })).toBe(renderCycloneDx(report, { specVersion: '1.6' }));
    expect(renderReport(report, 'spdx')).toBe(renderSpdx(report));
    expect(JSON.parse(renderReport(report, 'cyclonedx', { specVersion: '1.6' })).specVersion).toBe('1.6');
  });

  it('every machine format is JSON and names the image', () => {
    for (const format of ['json', 'sarif', 'cyclonedx', 'spdx'] as const) {
      const text = renderReport(report, format);
      expect(() => JSON.parse(text), format).not.toThrow();
      expect(text).toContain(report.image.name);
    }
  });

  it('refuses an unknown format', () => {
    expect(() => renderReport(report, 'xml' as OutputFormat)).toThrow(/Unknown output format "xml"/);
  });

  it('copes with a bare report: unknown OS, no DB, no inventory, a finding about an unlisted package', async () => {
    const bare: ScanReport = alpineAppReport({
      image: { ...report.image, name: 'scratch-app', repoTags: [], repoDigests: [], os: null, layers: [], platform: null, labels: {} },
      vulnDb: null,
      packages: [],
      unownedFiles: [],
      vulnerabilities: [
        {
          ...(report.vulnerabilities.find((f) => f.vulnId === 'GO-2020-0001') as ScanReport['vulnerabilities'][number]),
          title: null,
          references: [],
          aliases: [],
          published: null,
          fixState: 'unknown',
          fixedVersion: null,
        },
      ],
    });
    expect(renderReport(bare, 'table')).toMatch(/^scratch-app \(OS unknown\) - 0 packages - 1 vulnerability: 1 unknown\n/);
    expect(await new Validation.JsonStrictValidator(Spec.Version.v1dot5).validate(renderReport(bare, 'cyclonedx'))).toBeNull();
    expect(errorsOf(spdxSchemaValidator(), JSON.parse(renderReport(bare, 'spdx')))).toEqual([]);
    const sarif = JSON.parse(renderReport(bare, 'sarif')) as { runs: { results: { message: { text: string } }[] }[] };
    expect(errorsOf(sarifSchemaValidator(), sarif)).toEqual([]);
    expect(sarif.runs[0]?.results[0]?.message.text).toContain('No fixed version (unknown)');
    const spdx = JSON.parse(renderReport(bare, 'spdx')) as { packages: { name: string }[] };
    expect(spdx.packages.map((p) => p.name)).toEqual(['scratch-app', 'gin']);
  });
});
