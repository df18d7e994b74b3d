// The columns of the Vulnerabilities page.
import type { FindingRow, findingSortFields } from '../../../shared/contracts/vulnerabilities';
import type { Column } from '../../components/data-table/column';
import { SeverityBadge } from '../../components/Severity';
import { formatDateTime } from '../../format/time';
import { imageHref } from '../../state/route';
import { FixStateCell, IgnoreAction, VulnLink } from './finding-bits';

export type FindingSortField = (typeof findingSortFields)[number];

export function findingColumns(onIgnore: (finding: FindingRow) => void): Column<FindingRow, FindingSortField>[] {
  return [
    { id: 'severity', header: 'Severity', width: '86px', minWidth: 86, sortField: 'severity', render: (f) => <SeverityBadge severity={f.severity} />, title: (f) => `${f.severity} (${f.severitySource === 'vendor' ? 'rated by the advisory source' : f.severitySource === 'cvss' ? 'from the CVSS score' : 'no rating'})` },
    { id: 'vulnId', header: 'ID', width: 'minmax(128px, 1fr)', minWidth: 128, sortField: 'vulnId', render: (f) => <VulnLink finding={f} /> },
    {
      id: 'cvss',
      header: 'CVSS',
      width: '52px',
      minWidth: 52,
      sortField: 'cvss',
      align: 'end',
      render: (f) => (f.cvssScore === null ? <span className="muted">—</span> : f.cvssScore.toFixed(1)),
      title: (f) => f.cvss.map((c) => `${c.type} ${c.score ?? '?'} ${c.vector}${c.source ? ` (${c.source})` : ''}`).join('\n') || undefined,
    },
    {
      id: 'package',
      header: 'Package',
      width: 'minmax(150px, 1.4fr)',
      minWidth: 150,
      sortField: 'package',
      render: (f) => (
        <span className="mono">
          {f.packageName} <span className="muted">{f.packageVersion}</span>
        </span>
      ),
      title: (f) => `${f.packageType} ${f.packageName} ${f.packageVersion}${f.matchedName !== f.packageName ? ` (advisory filed under ${f.matchedName})` : ''}\n${f.packagePath}`,
    },
    { id: 'fixedVersion', header: 'Fixed in', width: 'minmax(88px, 0.8fr)', minWidth: 88, render: (f) => (f.fixedVersion ? <span className="mono">{f.fixedVersion}</span> : <span className="muted">—</span>), title: (f) => f.fixedVersion ?? undefined },
    { id: 'fixState', header: 'Fix', width: '88px', minWidth: 88, sortField: 'fixState', render: (f) => <FixStateCell state={f.fixState} /> },
    {
      id: 'image',
      header: 'Image',
      width: 'minmax(110px, 1fr)',
      minWidth: 110,
      sortField: 'image',
      render: (f) => <a href={imageHref(f.imageId)}>{f.imageName}</a>,
      title: (f) => `${f.imageName}\n${f.imageId}`,
    },
    { id: 'layer', header: 'Layer', width: '46px', minWidth: 46, align: 'end', render: (f) => f.layerIndex, title: (f) => f.layerDiffId },
    { id: 'title', header: 'Title', width: 'minmax(130px, 2fr)', minWidth: 130, render: (f) => f.title ?? <span className="muted">—</span>, title: (f) => f.title ?? undefined },
    { id: 'published', header: 'Published', width: '92px', minWidth: 92, sortField: 'published', render: (f) => (f.published ? f.published.slice(0, 10) : <span className="muted">—</span>), title: (f) => (f.published ? formatDateTime(f.published) : undefined) },
    { id: 'actions', header: '', width: 'minmax(76px, 1fr)', minWidth: 76, render: (f) => <IgnoreAction finding={f} onIgnore={onIgnore} /> },
  ];
}
