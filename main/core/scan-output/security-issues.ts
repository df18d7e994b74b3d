// The malware and baseline sections of a report as one list of issues, most severe first: what the
// table prints after the vulnerabilities, what SARIF turns into results, and what --fail-on counts
// beside the vulnerabilities.
import type { ScanReport } from '../../../shared/model/scan-report';
import { atLeast, severityRank, type Severity } from '../../../shared/model/severity';

export interface SecurityIssue {
  kind: 'malware' | 'baseline' | 'secrets';
  /** Stable rule id: 'malware/yara/Vigil_Php_Webshell_Eval', 'baseline/IMG-USER-ROOT'. */
  ruleId: string;
  title: string;
  severity: Severity;
  /** One line saying what was found where. */
  message: string;
  /** The file concerned, when there is one (relative to the image root). */
  path: string | null;
  layerIndex: number | null;
  /** Why it matters and how to fix it, for help texts. */
  help: string;
}

export function securityIssues(report: ScanReport): SecurityIssue[] {
  const issues: SecurityIssue[] = [];
  for (const f of report.malware?.findings ?? []) {
    issues.push({
      kind: 'malware',
      ruleId: `malware/${f.engine}/${f.signature}`,
      title: `${f.category} ${f.signature}`,
      severity: f.severity,
      message: `${f.engine} found ${f.signature} (${f.category}) in ${f.path} (sha256 ${f.sha256.slice(0, 12)}…, layer ${f.layerIndex}${f.presentInFinalImage ? '' : ', deleted by a later layer but still shipped'})`,
      path: f.path,
      layerIndex: f.layerIndex,
      help: `Malicious file detected by ${f.engine}${f.ruleSet ? ` (${f.ruleSet})` : ''}. Remove it from the layer that adds it and rebuild; find how it got into the image.`,
    });
  }
  for (const item of report.baseline ?? []) {
    if (item.status !== 'failed') continue;
    const evidence = item.evidence.length ? item.evidence : [{ detail: item.title, path: null, layerIndex: null, layerDiffId: null }];
    for (const e of evidence) {
      issues.push({
        kind: item.scanner,
        ruleId: `${item.scanner}/${item.id}`,
        title: item.title,
        severity: item.severity,
        message: `${item.title}: ${e.detail}${e.path ? ` (${e.path})` : ''}`,
        path: e.path,
        layerIndex: e.layerIndex,
        help: `${item.why}\nFix: ${item.fix}${item.benchmark ? `\nBenchmark: ${item.benchmark}` : ''}`,
      });
    }
  }
  return issues.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.ruleId.localeCompare(b.ruleId));
}

/** How many findings of every kind (ignored vulnerabilities aside) are at or above `threshold`. */
export function countAtOrAbove(report: ScanReport, threshold: Severity): { vulnerabilities: number; malware: number; baseline: number } {
  const issues = securityIssues(report).filter((i) => atLeast(i.severity, threshold));
  return {
    vulnerabilities: report.vulnerabilities.filter((v) => !v.ignored && atLeast(v.severity, threshold)).length,
    malware: issues.filter((i) => i.kind === 'malware').length,
    baseline: issues.filter((i) => i.kind !== 'malware').length,
  };
}
