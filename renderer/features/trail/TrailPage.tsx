// Every change the app made: who, when, through which surface, and how it ended.
import { useCallback, useState } from 'react';
import type { PageQuery } from '../../../shared/model/paging';
import type { TrailEntry } from '../../../shared/model/trail';
import { DataTable } from '../../components/data-table/DataTable';
import { useTasks } from '../../state/tasks-store';
import { client } from '../../transport/client';
import { trailColumns, type TrailSortField } from './trail-columns';

type OutcomeFilter = TrailEntry['outcome'] | 'all';
const outcomes: { value: OutcomeFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'ok', label: 'OK' },
  { value: 'failed', label: 'Failed' },
  { value: 'started', label: 'Started' },
];

export function TrailPage() {
  const [outcome, setOutcome] = useState<OutcomeFilter>('all');
  const [refreshes, setRefreshes] = useState(0);
  const finished = useTasks((s) => s.finishedVersion);
  const fetchPage = useCallback(
    (query: PageQuery<TrailSortField>) => client().call('trail.list', { ...query, outcome: outcome === 'all' ? undefined : outcome }),
    [outcome],
  );
  return (
    <div className="page page--table">
      <p className="page__intro">Every change made through Vigil — from this window, the web host or the CLI — newest first.</p>
      <DataTable
        name="trail"
        label="Operation trail"
        columns={trailColumns}
        fetchPage={fetchPage}
        rowKey={(entry) => String(entry.id)}
        defaultSort={{ field: 'at', direction: 'desc' }}
        queryKey={outcome}
        version={`${finished}:${refreshes}`}
        filterPlaceholder="Filter by operation, actor, input or error"
        emptyText="Nothing has been changed yet."
        toolbar={
          <>
            <label className="form-row">
              <span>Outcome</span>
              <select value={outcome} onChange={(event) => setOutcome(event.target.value as OutcomeFilter)} data-testid="trail-outcome">
                {outcomes.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="button" onClick={() => setRefreshes((n) => n + 1)}>
              Refresh
            </button>
          </>
        }
      />
    </div>
  );
}
