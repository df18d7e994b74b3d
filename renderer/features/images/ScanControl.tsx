// A row's scan action: "Scan" when idle; while its task runs, the progress and a Cancel;
// after a failed scan, what went wrong.
import { useState } from 'react';
import type { ImageRow } from '../../../shared/contracts/images';
import { READ_ONLY_HINT, useReadOnly } from '../../state/session-store';
import { useTask, useTasks } from '../../state/tasks-store';
import { rescanRow, useRowTaskId } from './scan-store';

export function ScanControl({ row, label = 'Scan' }: { row: ImageRow; label?: string }) {
  const readOnly = useReadOnly();
  const taskId = useRowTaskId(row);
  const task = useTask(taskId);
  const cancel = useTasks((s) => s.cancel);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);

  if (task && task.state === 'running') {
    const percent = task.progress === null ? null : Math.round(task.progress * 100);
    return (
      <span className="scan-control scan-control--running" data-testid="scan-running" title={task.message}>
        {percent === null ? <progress aria-label={`Scanning ${row.name}`} /> : <progress max={100} value={percent} aria-label={`Scanning ${row.name}`} />}
        <span className="scan-control__percent">{percent === null ? '…' : `${percent}%`}</span>
        <button
          type="button"
          className="button button--small"
          disabled={cancelling || !task.cancellable}
          onClick={() => {
            setCancelling(true);
            void cancel(task.id).finally(() => setCancelling(false));
          }}
          data-testid="scan-cancel"
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      </span>
    );
  }
  const failed = task && (task.state === 'failed' || task.state === 'interrupted') ? task : null;
  return (
    <span className="scan-control">
      <button
        type="button"
        className="button button--small"
        disabled={readOnly || starting}
        title={readOnly ? READ_ONLY_HINT : `Scan ${row.sourceRef} again`}
        onClick={() => {
          setStarting(true);
          void rescanRow(row).finally(() => setStarting(false));
        }}
        data-testid="scan-row"
      >
        {starting ? 'Starting…' : label}
      </button>
      {failed ? (
        <span className="scan-control__failed" role="status" data-testid="scan-failed" title={failed.error ? `${failed.error.code}: ${failed.error.message}` : failed.message}>
          ⚠ {failed.error ? failed.error.message : failed.message}
        </span>
      ) : task?.state === 'cancelled' ? (
        <span className="muted">cancelled</span>
      ) : null}
    </span>
  );
}
