// The one shape every importer produces and the writer stores: an advisory with its
// affected packages, already normalised (ecosystem strings, lookup keys, vendor severity).
import type { OsvRange } from '../../../shared/versions';
import type { Severity } from '../../../shared/model/severity';

/** How the fix state of a distro row was decided by its source (null: from the ranges). */
export type RowState = 'not-fixed' | 'wont-fix' | 'unknown';

export interface SeverityEntry {
  /** CVSS_V2 | CVSS_V3 | CVSS_V4 as in OSV. */
  type: string;
  /** The vector string. */
  score: string;
}

export interface AffectedRecord {
  /** Full OSV ecosystem with its release: 'Alpine:v3.10', 'Debian:12', 'npm'. */
  ecosystem: string;
  /** The package name as the advisory writes it. */
  name: string;
  /** ECOSYSTEM and SEMVER ranges only (GIT ranges cannot be evaluated offline). */
  ranges: OsvRange[];
  /** Explicitly listed affected versions. */
  versions: string[];
  /** Every "fixed" version of the ranges, in the order found. */
  fixed: string[];
  state: RowState | null;
  /** A per-package rating (Debian urgency per release, OSV ecosystem_specific.severity). */
  vendorSeverity: Severity | null;
  vendorSeverityRaw: string | null;
}

export interface AdvisoryRecord {
  id: string;
  aliases: string[];
  summary: string | null;
  details: string | null;
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
  severity: SeverityEntry[];
  vendorSeverity: Severity | null;
  vendorSeverityRaw: string | null;
  references: string[];
  affected: AffectedRecord[];
}

export const DETAILS_MAX = 2000;

/** Whitespace trimmed, long texts cut at DETAILS_MAX characters; empty → null. */
export function trimDetails(text: unknown, max = DETAILS_MAX): string | null {
  if (typeof text !== 'string') return null;
  const t = text.trim();
  if (t === '') return null;
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t;
}

export function optionalString(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * A source's own rating to our scale: GHSA's LOW/MODERATE/HIGH/CRITICAL, Debian urgency
 * (unimportant, low, medium, high, with the tracker's "**" marks), Ubuntu priority
 * (negligible … critical), Red Hat's Important. "not yet assigned", "untriaged",
 * "end-of-life" and anything unknown give null, so the CVSS band is used instead.
 */
export function normalizeVendorSeverity(raw: unknown): Severity | null {
  if (typeof raw !== 'string') return null;
  const s = raw.replace(/\*/g, '').trim().toLowerCase();
  switch (s) {
    case 'critical':
      return 'critical';
    case 'high':
    case 'important':
      return 'high';
    case 'medium':
    case 'moderate':
      return 'medium';
    case 'low':
      return 'low';
    case 'negligible':
    case 'unimportant':
      return 'negligible';
    default:
      return null;
  }
}

/**
 * The ecosystem string rows are stored and looked up under. OSV's own strings are kept,
 * except Red Hat's per-stream names for the main product, which collapse to the major
 * release ('Red Hat:enterprise_linux:9::appstream' → 'Red Hat:9') because an image's
 * os-release does not say which stream a package came from.
 */
export function normalizeEcosystem(raw: string): string {
  const e = raw.trim();
  const rh = /^Red Hat:enterprise_linux:(\d+)(?::.*)?$/.exec(e);
  if (rh) return `Red Hat:${rh[1]}`;
  return e;
}

/** The part before the first ':' ('Alpine:v3.10' → 'Alpine'). */
export function ecosystemBase(ecosystem: string): string {
  const i = ecosystem.indexOf(':');
  return (i < 0 ? ecosystem : ecosystem.slice(0, i)).trim();
}

/**
 * The lookup key of a package name in an ecosystem: PyPI names are compared after PEP 503
 * normalisation (Flask_AppBuilder = flask-appbuilder), Packagist names case-insensitively;
 * everything else exactly.
 */
export function packageKey(ecosystem: string, name: string): string {
  const base = ecosystemBase(ecosystem);
  if (base === 'PyPI') return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
  if (base === 'Packagist') return name.trim().toLowerCase();
  return name.trim();
}

/** Where a source kind's match says it came from (VulnerabilityMatch.source). */
export function matchSourceName(kind: string, ecosystem: string): string {
  return kind === 'osv' ? `osv:${ecosystemBase(ecosystem)}` : kind;
}

/** An advisory from a distribution tracker, which knows little besides what it affects: the rest empty. */
export function trackerAdvisory(id: string, known: Pick<AdvisoryRecord, 'affected'> & Partial<Omit<AdvisoryRecord, 'id'>>): AdvisoryRecord {
  return {
    id,
    aliases: [],
    summary: null,
    details: null,
    published: null,
    modified: null,
    withdrawn: null,
    severity: [],
    vendorSeverity: null,
    vendorSeverityRaw: null,
    references: [],
    ...known,
  };
}
