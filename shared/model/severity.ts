// Severity of a finding, ordered. 'unknown' sorts lowest so thresholds never include it by accident.
import { z } from 'zod';

export const severities = ['critical', 'high', 'medium', 'low', 'negligible', 'unknown'] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

const rank: Record<Severity, number> = { critical: 5, high: 4, medium: 3, low: 2, negligible: 1, unknown: 0 };

export function severityRank(severity: Severity): number {
  return rank[severity];
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return rank[severity] >= rank[threshold];
}

/** CVSS base score to band (CVSS v3/v4 qualitative scale). */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'negligible';
}

export type SeverityCounts = Record<Severity, number>;

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, negligible: 0, unknown: 0 };
}
