// Every output format of a scan, by name: what `vigil scan --format` and the UI's export offer.
import type { ScanReport } from '../../../shared/model/scan-report';
import { renderCycloneDx, type CycloneDxOptions } from './cyclonedx';
import { renderJson, type JsonOptions } from './json';
import { renderSarif, type SarifOptions } from './sarif';
import { renderSpdx, type SpdxOptions } from './spdx';
import { renderTable, type TableOptions } from './table';

export const formats = ['table', 'json', 'sarif', 'cyclonedx', 'spdx'] as const;
export type OutputFormat = (typeof formats)[number];

export interface FormatOptions {
  table: TableOptions;
  json: JsonOptions;
  sarif: SarifOptions;
  cyclonedx: CycloneDxOptions;
  spdx: SpdxOptions;
}

/** For saving a rendered report: a file name suffix and the media type. */
export const formatInfo: Readonly<Record<OutputFormat, { extension: string; mediaType: string; label: string }>> = {
  table: { extension: '.txt', mediaType: 'text/plain', label: 'Table (text)' },
  json: { extension: '.json', mediaType: 'application/json', label: 'Vigil JSON' },
  sarif: { extension: '.sarif', mediaType: 'application/sarif+json', label: 'SARIF 2.1.0' },
  cyclonedx: { extension: '.cdx.json', mediaType: 'application/vnd.cyclonedx+json', label: 'CycloneDX SBOM' },
  spdx: { extension: '.spdx.json', mediaType: 'application/spdx+json', label: 'SPDX 2.3 SBOM' },
};

export function isOutputFormat(value: string): value is OutputFormat {
  return (formats as readonly string[]).includes(value);
}

export function renderReport<F extends OutputFormat>(report: ScanReport, format: F, options?: FormatOptions[F]): string {
  switch (format) {
    case 'table':
      return renderTable(report, options as TableOptions | undefined);
    case 'json':
      return renderJson(report, options as JsonOptions | undefined);
    case 'sarif':
      return renderSarif(report, options as SarifOptions | undefined);
    case 'cyclonedx':
      return renderCycloneDx(report, options as CycloneDxOptions | undefined);
    case 'spdx':
      return renderSpdx(report, options as SpdxOptions | undefined);
    default:
      throw new Error(`Unknown output format "${String(format)}": one of ${formats.join(', ')}`);
  }
}

export { renderCycloneDx, buildBom, cycloneDxSpecVersions, type CycloneDxOptions, type CycloneDxSpecVersion } from './cyclonedx';
export { renderJson, parseReportJson, type JsonOptions } from './json';
export { renderSarif, buildSarif, SARIF_SCHEMA_URI, type SarifOptions } from './sarif';
export { renderSpdx, buildSpdx, type SpdxDocument, type SpdxOptions } from './spdx';
export { renderTable, type TableOptions } from './table';
