// The ScanReport itself as JSON: parsed with scanReportSchema first, so what is written is
// exactly what the schema describes (unknown keys dropped, defaults filled in) and a report
// that does not fit the schema fails here rather than in whoever reads the file.
import { scanReportSchema, type ScanReport } from '../../../shared/model/scan-report';

export interface JsonOptions {
  /** JSON indentation. Default 2. */
  indent?: number;
}

export function renderJson(report: ScanReport, options: JsonOptions = {}): string {
  const checked = scanReportSchema.parse(report);
  return `${JSON.stringify(checked, null, options.indent ?? 2)}\n`;
}

/** The reverse: a report written by renderJson (or `vigil scan --format json`), checked. */
export function parseReportJson(text: string): ScanReport {
  return scanReportSchema.parse(JSON.parse(text));
}
