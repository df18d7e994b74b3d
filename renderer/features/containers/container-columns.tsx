// The columns of the containers table.
import type { containerSortFields } from '../../../shared/contracts/docker';
import { formatPorts, type LocalContainer } from '../../../shared/model/docker';
import type { Column } from '../../components/data-table/column';
import { shortId } from '../../format/ids';
import { formatAge, formatDateTime } from '../../format/time';
import { CheckCell } from './CheckCell';

export type ContainerSortField = (typeof containerSortFields)[number];

export function stateTone(state: string): 'ok' | 'warning' | 'danger' | '' {
  if (state === 'running') return 'ok';
  if (state === 'paused' || state === 'restarting' || state === 'created') return 'warning';
  if (state === 'dead' || state === 'removing') return 'danger';
  return '';
}

export const containerColumns: Column<LocalContainer, ContainerSortField>[] = [
  {
    id: 'name',
    header: 'Name',
    width: 'minmax(160px, 1.5fr)',
    minWidth: 160,
    sortField: 'name',
    render: (c) => c.name,
    title: (c) => `${c.name}\n${c.id}`,
  },
  {
    id: 'image',
    header: 'Image',
    width: 'minmax(180px, 2fr)',
    minWidth: 180,
    sortField: 'image',
    render: (c) => <span className="mono">{c.image.startsWith('sha256:') ? shortId(c.image) : c.image}</span>,
    title: (c) => `${c.image}\n${c.imageId}`,
  },
  {
    id: 'state',
    header: 'State',
    width: '100px',
    minWidth: 100,
    sortField: 'state',
    render: (c) => <span className={`pill pill--${stateTone(c.state)}`}>{c.state}</span>,
  },
  {
    id: 'checks',
    header: 'Checks',
    width: '130px',
    minWidth: 130,
    render: (c) => <CheckCell container={c} />,
  },
  { id: 'status', header: 'Status', width: 'minmax(150px, 1.2fr)', minWidth: 150, render: (c) => c.status, title: (c) => c.status },
  {
    id: 'ports',
    header: 'Ports',
    width: 'minmax(140px, 1.5fr)',
    minWidth: 140,
    render: (c) => <span className="mono">{formatPorts(c.ports) || '—'}</span>,
    title: (c) => formatPorts(c.ports),
  },
  {
    id: 'created',
    header: 'Created',
    width: '120px',
    minWidth: 120,
    sortField: 'created',
    render: (c) => formatAge(c.created),
    title: (c) => formatDateTime(c.created),
  },
];
