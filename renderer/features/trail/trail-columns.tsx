// The columns of the operation trail.
import type { trailSortFields } from '../../../shared/contracts/trail';
import { roleLabels } from '../../../shared/model/role';
import type { TrailEntry } from '../../../shared/model/trail';
import type { Column } from '../../components/data-table/column';
import { formatDateTime } from '../../format/time';

export type TrailSortField = (typeof trailSortFields)[number];

const outcomeTone = { ok: 'ok', failed: 'danger', started: 'warning' } as const;

export const trailColumns: Column<TrailEntry, TrailSortField>[] = [
  { id: 'at', header: 'Time', width: '200px', minWidth: 200, sortField: 'at', render: (e) => formatDateTime(e.at), title: (e) => e.at },
  { id: 'actor', header: 'Actor', width: 'minmax(110px, 1fr)', minWidth: 110, sortField: 'actor', render: (e) => e.actor, title: (e) => e.actor },
  { id: 'role', header: 'Role', width: '120px', minWidth: 120, render: (e) => roleLabels[e.role] ?? e.role },
  { id: 'transport', header: 'Transport', width: '90px', minWidth: 90, render: (e) => e.transport },
  {
    id: 'operation',
    header: 'Operation',
    width: 'minmax(150px, 1.2fr)',
    minWidth: 150,
    sortField: 'operation',
    render: (e) => <span className="mono">{e.operation}</span>,
    title: (e) => `${e.operation} (writes: ${e.writes})${e.taskId ? `\ntask ${e.taskId}` : ''}`,
  },
  {
    id: 'outcome',
    header: 'Outcome',
    width: '90px',
    minWidth: 90,
    sortField: 'outcome',
    render: (e) => <span className={`pill pill--${outcomeTone[e.outcome]}`}>{e.outcome}</span>,
  },
  { id: 'error', header: 'Error', width: 'minmax(140px, 1.5fr)', minWidth: 140, render: (e) => e.error ?? '', title: (e) => e.error ?? undefined },
  {
    id: 'input',
    header: 'Input',
    width: 'minmax(180px, 2fr)',
    minWidth: 180,
    render: (e) => <span className="mono">{e.input}</span>,
    title: (e) => prettyJson(e.input),
  },
];

export function prettyJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
