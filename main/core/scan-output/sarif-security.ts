// SARIF rules and results for the malware, baseline and secrets sections: one rule per signature
// or baseline item, one result per finding, located at the file in the image when there is one.
import type { ScanReport } from '../../../shared/model/scan-report';
import type { Severity } from '../../../shared/model/severity';
import { shortHash } from './common';
import { securityIssues } from './security-issues';

type Level = 'error' | 'warning' | 'note' | 'none';

export function securitySarif(
  report: ScanReport,
  firstRuleIndex: number,
  levels: Record<Severity, Level>,
  bandScores: Partial<Record<Severity, string>>,
  pathUri: (path: string) => string,
  imageLocation: Record<string, string>,
): { rules: Record<string, unknown>[]; results: Record<string, unknown>[] } {
  const issues = securityIssues(report);
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  for (const issue of issues) {
    if (ruleIndex.has(issue.ruleId)) continue; // issues are sorted most severe first
    ruleIndex.set(issue.ruleId, firstRuleIndex + rules.length);
    const score = bandScores[issue.severity];
    rules.push({
      id: issue.ruleId,
      name: issue.ruleId.replace(/[^A-Za-z0-9]+/g, '_'),
      shortDescription: { text: issue.title },
      fullDescription: { text: issue.help.split('\n')[0] ?? issue.title },
      help: { text: issue.help, markdown: issue.help.replace(/\n/g, '\n\n') },
      defaultConfiguration: { level: levels[issue.severity] },
      properties: { ...(score ? { 'security-severity': score } : {}), tags: ['security', issue.kind, issue.severity], precision: 'high' },
    });
  }
  const results = issues.map((issue) => ({
    ruleId: issue.ruleId,
    ruleIndex: ruleIndex.get(issue.ruleId),
    level: levels[issue.severity],
    message: { text: `${issue.message}. Image ${report.image.name}.` },
    locations: [
      issue.path
        ? { physicalLocation: { artifactLocation: { uri: pathUri(issue.path) }, region: { startLine: 1 } }, logicalLocations: [imageLocation] }
        : { logicalLocations: [imageLocation] },
    ],
    partialFingerprints: { 'vigil/finding/v1': shortHash([report.image.name, issue.ruleId, issue.path ?? '', issue.message].join('|'), 32) },
    properties: { kind: issue.kind, severity: issue.severity, layerIndex: issue.layerIndex, ...(bandScores[issue.severity] ? { 'security-severity': bandScores[issue.severity] } : {}) },
  }));
  return { rules, results };
}
