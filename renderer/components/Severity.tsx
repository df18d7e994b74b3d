// Severity as a coloured badge, and a row of counts by severity.
import { severities, type Severity } from '../../shared/model/severity';
import './severity.css';

export const severityLabels: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  negligible: 'Negligible',
  unknown: 'Unknown',
};

/** The severities shown as count badges; negligible findings are counted with low ones' tooltip. */
export const countedSeverities = ['critical', 'high', 'medium', 'low', 'unknown'] as const satisfies readonly Severity[];

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`sev sev--label sev--${severity}`} data-testid="severity" data-severity={severity}>
      {severityLabels[severity]}
    </span>
  );
}

/** One count, coloured when above zero. */
export function CountBadge({ severity, count, title }: { severity: Severity; count: number | null | undefined; title?: string }) {
  if (count === null || count === undefined) return <span className="muted">—</span>;
  return (
    <span
      className={count > 0 ? `sev sev--${severity}` : 'sev sev--zero'}
      data-testid={`count-${severity}`}
      data-count={count}
      title={title ?? `${count.toLocaleString()} ${severityLabels[severity].toLowerCase()}`}
    >
      {count.toLocaleString()}
    </span>
  );
}

/** Counts by severity as a row of badges (C H M L U), with negligible folded in the title of low. */
export function SeverityCounts({ counts }: { counts: Partial<Record<Severity, number>> | null | undefined }) {
  if (!counts) return <span className="muted">—</span>;
  return (
    <span className="sev-counts" data-testid="severity-counts">
      {countedSeverities.map((severity) => (
        <CountBadge
          key={severity}
          severity={severity}
          count={counts[severity] ?? 0}
          title={
            severity === 'low' && counts.negligible
              ? `${counts.low ?? 0} low, ${counts.negligible} negligible`
              : `${(counts[severity] ?? 0).toLocaleString()} ${severityLabels[severity].toLowerCase()}`
          }
        />
      ))}
    </span>
  );
}

export function totalOf(counts: Partial<Record<Severity, number>> | null | undefined): number {
  if (!counts) return 0;
  return severities.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}
