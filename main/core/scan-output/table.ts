// Plain-text table of a scan for terminals: a summary line, then one row per finding, most
// severe first. Ignored findings are hidden unless asked for (a count line says how many).
// No escape codes unless `color` is set.
import type { ImageFinding, ScanReport } from '../../../shared/model/scan-report';
import { severities, type Severity } from '../../../shared/model/severity';
import { countBySeverity, displayName, fixText, indexReport, osLabel, sortedFindings } from './common';
import { securityIssues } from './security-issues';

export interface TableOptions {
  /**
   * Line width to fit (the summary line aside). Default 120. The title is cut first; below about
   * 100 columns the other columns give up space too, down to about 80.
   */
  width?: number;
  /** ANSI colours by severity. Default false. */
  color?: boolean;
  /** List ignored findings too (marked "[ignored]"). Default false. */
  showIgnored?: boolean;
}

const ansi: Record<Severity, string> = {
  critical: '\u001b[1;31m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[34m',
  negligible: '\u001b[2m',
  unknown: '\u001b[2m',
};
const reset = '\u001b[0m';

/** Characters, not UTF-16 units, so that a cut never splits a surrogate pair. */
function chars(text: string): string[] {
  return Array.from(text);
}

function fit(text: string, width: number): string {
  const c = chars(text);
  if (c.length <= width) return text;
  if (width <= 1) return c.slice(0, Math.max(width, 0)).join('');
  return `${c.slice(0, width - 1).join('')}…`;
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - chars(text).length));
}

interface Column {
  header: string;
  max: number;
  min: number;
  value: (f: ImageFinding) => string;
}

export function renderTable(report: ScanReport, options: TableOptions = {}): string {
  const width = Math.max(40, options.width ?? 120);
  const color = options.color ?? false;
  const index = indexReport(report);
  const all = sortedFindings(report);
  const active = all.filter((f) => !f.ignored);
  const ignored = all.filter((f) => f.ignored);
  const shown = options.showIgnored ? all : active;

  const lines: string[] = [summary(report, active)];
  if (shown.length === 0) {
    if (report.scanners.includes('vuln')) lines.push(ignored.length ? `No vulnerabilities found (${ignored.length} ignored)` : 'No vulnerabilities found');
    return `${[...lines, ...securityLines(report, color)].join('\n')}\n`;
  }

  const columns: Column[] = [
    { header: 'Severity', max: 10, min: 8, value: (f) => f.severity.toUpperCase() },
    { header: 'ID', max: 24, min: 19, value: (f) => f.vulnId },
    { header: 'Package', max: 32, min: 10, value: (f) => displayName(index.packageOf(f).pkg) },
    { header: 'Installed', max: 22, min: 8, value: (f) => f.packageVersion },
    { header: 'Fixed', max: 22, min: 8, value: (f) => fixText(f) },
    { header: 'Layer', max: 5, min: 5, value: (f) => String(f.layerIndex) },
  ];
  const raw = shown.map((f) => columns.map((c) => c.value(f)));
  const widths = columns.map((c, i) => Math.min(c.max, Math.max(chars(c.header).length, ...raw.map((r) => chars(r[i] ?? '').length))));
  const gap = '  ';
  const minTitle = 8;
  // Too narrow for the title: take from the widest column that can still give (an ID is cut
  // last: GHSA ids are 19 characters).
  const total = (): number => widths.reduce((sum, w) => sum + w + gap.length, 0);
  while (total() + minTitle > width) {
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > (columns[i]?.min ?? w) && (widest < 0 || w > (widths[widest] ?? 0))) widest = i;
    });
    if (widest < 0) break;
    widths[widest] = (widths[widest] ?? 1) - 1;
  }
  const titleWidth = Math.max(minTitle, width - total());
  const cells = raw.map((r) => r.map((v, i) => fit(v, widths[i] ?? 0)));
  const headers = columns.map((c, i) => fit(c.header, widths[i] ?? 0));

  const row = (values: string[], title: string, severity?: Severity): string => {
    const padded = values.map((v, i) => pad(v, widths[i] ?? 0));
    if (color && severity) padded[0] = `${ansi[severity]}${padded[0]}${reset}`;
    return `${padded.join(gap)}${gap}${fit(title, titleWidth)}`.trimEnd();
  };

  lines.push('');
  lines.push(row(headers, 'Title'));
  lines.push(row(widths.map((w) => '-'.repeat(w)), '-'.repeat(Math.min(titleWidth, 5))));
  shown.forEach((f, i) => {
    const title = `${f.ignored ? '[ignored] ' : ''}${f.title ?? ''}`;
    lines.push(row(cells[i] ?? [], title, f.severity));
  });
  if (ignored.length && !options.showIgnored) {
    lines.push('');
    lines.push(`${ignored.length} ignored`);
  }
  return `${[...lines, ...securityLines(report, color)].join('\n')}\n`;
}

/** Malware, baseline and secrets: a heading per scanner that ran, then one line per issue. */
function securityLines(report: ScanReport, color: boolean): string[] {
  const issues = securityIssues(report);
  const out: string[] = [];
  const section = (heading: string, kind: 'malware' | 'baseline' | 'secrets', none: string): void => {
    if (!report.scanners.includes(kind)) return;
    const mine = issues.filter((i) => i.kind === kind);
    out.push('', heading);
    if (mine.length === 0) out.push(`  ${none}`);
    for (const issue of mine) {
      const level = pad(issue.severity.toUpperCase(), 10);
      // Not cut to the width: the path and the layer are at the end, and a terminal wraps.
      out.push(`  ${color ? `${ansi[issue.severity]}${level}${reset}` : level}  ${issue.message}`);
    }
  };
  section('Malware', 'malware', malwareNone(report));
  for (const e of report.malware?.engines ?? []) if (!e.available) out.push(`  (${e.engine} did not run: ${e.message ?? 'unavailable'})`);
  if (report.malware?.notScanned.length) out.push(`  ${report.malware.notScanned.length} file(s) not scanned: ${report.malware.notScanned.slice(0, 3).map((f) => `${f.path} (${f.reason})`).join(', ')}${report.malware.notScanned.length > 3 ? ', …' : ''}`);
  const evaluated = (kind: 'baseline' | 'secrets'): string => {
    const items = (report.baseline ?? []).filter((i) => i.scanner === kind);
    const passed = items.filter((i) => i.status === 'passed').length;
    const skipped = items.filter((i) => i.status === 'not-evaluated').length;
    return `All ${passed} evaluated item(s) passed${skipped ? ` (${skipped} not evaluated)` : ''}`;
  };
  section('Baseline', 'baseline', evaluated('baseline'));
  section('Secrets', 'secrets', evaluated('secrets'));
  return out;
}

function malwareNone(report: ScanReport): string {
  const m = report.malware;
  return m ? `No malware found in ${m.filesScanned} file(s)` : 'No malware found';
}

function summary(report: ScanReport, active: readonly ImageFinding[]): string {
  const counts = countBySeverity(active);
  const os = osLabel(report);
  const bySeverity = severities
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
  const total = active.length;
  return [
    report.image.name,
    os ? `(${os})` : '(OS unknown)',
    `- ${report.packages.length} packages`,
    `- ${total} ${total === 1 ? 'vulnerability' : 'vulnerabilities'}${bySeverity ? `: ${bySeverity}` : ''}`,
  ].join(' ');
}
