// The columns of the Images page: every image Vigil knows (scanned from any source, and the
// local engine's), with its last scan's counts by severity.
import type { ImageRow, imageSortFields, ScanSummary } from '../../../shared/contracts/images';
import type { Column } from '../../components/data-table/column';
import { CountBadge } from '../../components/Severity';
import { formatBytes } from '../../format/bytes';
import { formatAge, formatDateTime } from '../../format/time';
import { imageHref } from '../../state/route';
import { ScanControl } from './ScanControl';

export type ImageSortField = (typeof imageSortFields)[number];

export const sourceLabels: Record<ImageRow['source'], string> = {
  docker: 'Engine',
  archive: 'Tarball',
  oci: 'OCI layout',
  registry: 'Registry',
};

const scanStateTone: Record<ScanSummary['state'], string> = { succeeded: 'ok', running: 'warning', failed: 'danger', cancelled: '' };

export function ScanStateCell({ scan }: { scan: ScanSummary | null }) {
  if (!scan) return <span className="muted">Not scanned</span>;
  const when = scan.finishedAt ?? scan.startedAt;
  return (
    <span className="scan-state" data-testid="last-scan" data-state={scan.state}>
      {scan.state !== 'succeeded' ? <span className={`pill pill--${scanStateTone[scan.state]}`}>{scan.state}</span> : null}
      <span>{formatAge(when)}</span>
    </span>
  );
}

function scanTitle(scan: ScanSummary | null): string | undefined {
  if (!scan) return 'Never scanned';
  return `${scan.state} · ${scan.trigger} · started ${formatDateTime(scan.startedAt)}${scan.finishedAt ? ` · finished ${formatDateTime(scan.finishedAt)}` : ''}${scan.error ? `\n${scan.error}` : ''}`;
}

function countColumn(severity: 'critical' | 'high' | 'medium' | 'low' | 'unknown', header: string, sortField?: ImageSortField): Column<ImageRow, ImageSortField> {
  return {
    id: severity,
    header,
    width: '62px',
    minWidth: 62,
    align: 'end',
    sortField,
    render: (row) => {
      if (!row.lastScan) return <span className="muted">—</span>;
      return <CountBadge severity={severity} count={row.lastScan.counts[severity] ?? 0} />;
    },
    title: (row) => {
      const counts = row.lastScan?.counts;
      if (!counts) return undefined;
      return severity === 'low' && counts.negligible ? `${counts.low ?? 0} low, ${counts.negligible} negligible` : undefined;
    },
  };
}

/** Malicious files or failed baseline items of the last scan; '—' when that scanner did not run. */
function securityColumn(field: keyof ImageRow['security'], header: string, tone: 'critical' | 'medium', what: string): Column<ImageRow, ImageSortField> {
  return {
    id: field,
    header,
    width: '70px',
    minWidth: 70,
    align: 'end',
    render: (row) => {
      const count = row.security[field];
      if (count === null) return <span className="muted">—</span>;
      return (
        <span className={count > 0 ? `sev sev--${tone}` : 'sev sev--zero'} data-testid={`security-${field}`} data-count={count} title={`${count.toLocaleString()} ${what}`}>
          {count.toLocaleString()}
        </span>
      );
    },
    title: (row) => (row.security[field] === null ? 'Not checked by the last scan' : undefined),
  };
}

/** A tarball or layout named by its path reads better by its file name (the full path is in the tooltip). */
export function displayName(row: Pick<ImageRow, 'name' | 'source' | 'sourceRef'>): string {
  if ((row.source === 'archive' || row.source === 'oci') && row.name === row.sourceRef) {
    return row.name.split(/[\\/]/).filter(Boolean).pop() ?? row.name;
  }
  return row.name;
}

export const imageColumns: Column<ImageRow, ImageSortField>[] = [
  {
    id: 'name',
    header: 'Image',
    width: 'minmax(180px, 3fr)',
    minWidth: 180,
    sortField: 'name',
    render: (row) => {
      const otherTags = row.repoTags.filter((t) => t !== row.name);
      const shown = displayName(row);
      return (
        <span className="image-name">
          {row.lastScan ? (
            <a href={imageHref(row.id)} data-testid="image-link" className="image-name__link">
              {shown}
            </a>
          ) : (
            <span className="image-name__link">{shown}</span>
          )}
          {otherTags.map((tag) => (
            <span key={tag} className="tag" data-testid="image-tag">
              {tag}
            </span>
          ))}
        </span>
      );
    },
    title: (row) => [row.name, ...row.repoTags.filter((t) => t !== row.name), row.id].join('\n'),
  },
  {
    id: 'source',
    header: 'Source',
    width: '96px',
    minWidth: 96,
    render: (row) => (
      <span className="image-source">
        <span className="pill">{sourceLabels[row.source]}</span>
        {row.inEngine && row.source !== 'docker' ? <span className="muted" title="Also in the local engine"> ◆</span> : null}
      </span>
    ),
    title: (row) => `${sourceLabels[row.source]}: ${row.sourceRef}${row.inEngine ? '\nPresent in the local engine' : ''}`,
  },
  { id: 'os', header: 'OS', width: 'minmax(80px, 1fr)', minWidth: 80, render: (row) => row.os ?? <span className="muted">—</span>, title: (row) => row.os ?? undefined },
  {
    id: 'lastScan',
    header: 'Last scan',
    width: '118px',
    minWidth: 118,
    sortField: 'lastScan',
    render: (row) => <ScanStateCell scan={row.lastScan} />,
    title: (row) => scanTitle(row.lastScan),
  },
  countColumn('critical', 'Critical', 'critical'),
  countColumn('high', 'High', 'high'),
  countColumn('medium', 'Medium'),
  countColumn('low', 'Low'),
  countColumn('unknown', 'Unknown'),
  securityColumn('malware', 'Malware', 'critical', 'malicious files'),
  securityColumn('baselineFailed', 'Baseline', 'medium', 'failed baseline and secrets items'),
  {
    id: 'size',
    header: 'Size',
    width: '78px',
    minWidth: 78,
    sortField: 'size',
    align: 'end',
    render: (row) => (row.size === null ? <span className="muted">—</span> : formatBytes(row.size)),
    title: (row) => (row.size === null ? undefined : `${row.size.toLocaleString()} bytes`),
  },
  {
    id: 'actions',
    header: '',
    width: 'minmax(150px, 1.4fr)',
    minWidth: 150,
    render: (row) => <ScanControl row={row} />,
  },
];
