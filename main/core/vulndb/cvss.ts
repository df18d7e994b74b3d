// CVSS base scores from vectors: v3.0 and v3.1 per the FIRST specification (section 7,
// with 3.1's Roundup that avoids floating-point surprises), v2 per the v2 guide (section 3.2.1).
// v4 scores need the published lookup tables, so a v4 vector has no score here: a caller
// uses a score the record published, or none.
import type { Cvss } from '../../../shared/model/finding';
import type { Severity } from '../../../shared/model/severity';
import { severityFromScore } from '../../../shared/model/severity';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface ParsedVector {
  version: CvssVersion;
  metrics: Map<string, string>;
}

const V3_BASE: Record<string, Record<string, number>> = {
  AV: { N: 0.85, A: 0.62, L: 0.55, P: 0.2 },
  AC: { L: 0.77, H: 0.44 },
  PR: { N: 0.85, L: 0.62, H: 0.27 },
  UI: { N: 0.85, R: 0.62 },
  S: { U: 0, C: 1 },
  C: { H: 0.56, L: 0.22, N: 0 },
  I: { H: 0.56, L: 0.22, N: 0 },
  A: { H: 0.56, L: 0.22, N: 0 },
};

const V2_BASE: Record<string, Record<string, number>> = {
  AV: { L: 0.395, A: 0.646, N: 1.0 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 },
  I: { N: 0, P: 0.275, C: 0.66 },
  A: { N: 0, P: 0.275, C: 0.66 },
};

/** Splits a vector into its version and metrics; null when it is not a CVSS vector. */
export function parseVector(vector: string): ParsedVector | null {
  let v = vector.trim();
  if (v.startsWith('(') && v.endsWith(')')) v = v.slice(1, -1);
  let version: CvssVersion;
  const prefix = /^CVSS:(2\.0|3\.0|3\.1|4\.0)\//.exec(v);
  if (prefix) {
    version = prefix[1] as CvssVersion;
    v = v.slice(prefix[0].length);
  } else if (/^AV:[LAN]\/AC:[HML]\/Au:/.test(v)) {
    version = '2.0';
  } else {
    return null;
  }
  const metrics = new Map<string, string>();
  for (const part of v.split('/')) {
    const m = /^([A-Za-z]+):([A-Za-z]+)$/.exec(part);
    if (!m || metrics.has(m[1]!)) return null;
    metrics.set(m[1]!, m[2]!);
  }
  return { version, metrics };
}

/** CVSS v3.1's Roundup: the smallest one-decimal number ≥ x, computed on integers. */
export function roundUp31(x: number): number {
  const i = Math.round(x * 100000);
  return i % 10000 === 0 ? i / 100000 : (Math.floor(i / 10000) + 1) / 10;
}

/** CVSS v3.0's Roundup as the 3.0 specification writes it. */
export function roundUp30(x: number): number {
  return Math.ceil(x * 10) / 10;
}

/** The v3.x base score, or null when a base metric is missing or has an unknown value. */
export function cvss3BaseScore(vector: string): number | null {
  const p = parseVector(vector);
  if (!p || (p.version !== '3.0' && p.version !== '3.1')) return null;
  const w: Record<string, number> = {};
  for (const [metric, values] of Object.entries(V3_BASE)) {
    const value = p.metrics.get(metric);
    if (value === undefined || !(value in values)) return null;
    w[metric] = values[value]!;
  }
  const changed = p.metrics.get('S') === 'C';
  let pr = w.PR!;
  if (changed && p.metrics.get('PR') === 'L') pr = 0.68;
  if (changed && p.metrics.get('PR') === 'H') pr = 0.5;
  const iss = 1 - (1 - w.C!) * (1 - w.I!) * (1 - w.A!);
  const impact = changed ? 7.52 * (iss - 0.029) - 3.25 * Math.pow(iss - 0.02, 15) : 6.42 * iss;
  const exploitability = 8.22 * w.AV! * w.AC! * pr * w.UI!;
  if (impact <= 0) return 0;
  const roundUp = p.version === '3.1' ? roundUp31 : roundUp30;
  return changed ? roundUp(Math.min(1.08 * (impact + exploitability), 10)) : roundUp(Math.min(impact + exploitability, 10));
}

/** The v2 base score, or null when a base metric is missing or unknown. */
export function cvss2BaseScore(vector: string): number | null {
  const p = parseVector(vector);
  if (!p || p.version !== '2.0') return null;
  const w: Record<string, number> = {};
  for (const [metric, values] of Object.entries(V2_BASE)) {
    const value = p.metrics.get(metric);
    if (value === undefined || !(value in values)) return null;
    w[metric] = values[value]!;
  }
  const impact = 10.41 * (1 - (1 - w.C!) * (1 - w.I!) * (1 - w.A!));
  const exploitability = 20 * w.AV! * w.AC! * w.Au!;
  const f = impact === 0 ? 0 : 1.176;
  const base = (0.6 * impact + 0.4 * exploitability - 1.5) * f;
  return Math.round(base * 10 + 1e-9) / 10;
}

/** OSV severity type from a vector when the record did not say (or said something else). */
export function cvssType(vector: string, declared?: string): string {
  const p = parseVector(vector);
  if (!p) return declared ?? 'CVSS';
  return p.version === '2.0' ? 'CVSS_V2' : p.version === '4.0' ? 'CVSS_V4' : 'CVSS_V3';
}

/** A base score for any supported vector; v4 and unreadable vectors give null. */
export function cvssBaseScore(vector: string): number | null {
  const p = parseVector(vector);
  if (!p) return null;
  if (p.version === '2.0') return cvss2BaseScore(vector);
  if (p.version === '3.0' || p.version === '3.1') return cvss3BaseScore(vector);
  return null;
}

/** NVD's v2 bands: there is no "critical" in v2. */
export function severityFromV2Score(score: number): Severity {
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'negligible';
}

/**
 * The band of a list of scored entries: the highest v3 score when there is one (v3 is what
 * distributions and GitHub rate with), else the highest v2 score on v2's own bands; v4
 * entries without a published score are not banded. null when nothing has a score.
 */
export function cvssSeverity(entries: readonly Cvss[]): Severity | null {
  let v3: number | null = null;
  let v2: number | null = null;
  let v4: number | null = null;
  for (const e of entries) {
    if (e.score === null) continue;
    const type = cvssType(e.vector, e.type);
    if (type === 'CVSS_V3') v3 = Math.max(v3 ?? 0, e.score);
    else if (type === 'CVSS_V2') v2 = Math.max(v2 ?? 0, e.score);
    else if (type === 'CVSS_V4') v4 = Math.max(v4 ?? 0, e.score);
  }
  if (v3 !== null) return severityFromScore(v3);
  if (v4 !== null) return severityFromScore(v4);
  if (v2 !== null) return severityFromV2Score(v2);
  return null;
}
