// Long work in the core: running tasks with progress, message and Cancel; recent ones on demand.
import { useState } from 'react';
import type { TaskInfo } from '../../shared/model/task';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatAge } from '../format/time';
import { useTasks } from '../state/tasks-store';

export function TaskBar() {
  const tasks = useTasks((s) => s.tasks);
  const error = useTasks((s) => s.error);
  const reload = useTasks((s) => s.reload);
  const [showRecent, setShowRecent] = useState(false);
  const running = tasks.filter((t) => t.state === 'running');
  const finished = tasks.filter((t) => t.state !== 'running');
  return (
    <footer className="taskbar" data-testid="taskbar" aria-label="Tasks">
      <div className="taskbar__summary">
        <span className="taskbar__count" data-testid="taskbar-running">
          {running.length ? `${running.length} running ${running.length === 1 ? 'task' : 'tasks'}` : 'No running tasks'}
        </span>
        {finished.length ? (
          // Finished tasks (including those from before a reload: they live in the core) fold under "Recent".
          <button type="button" className="button button--link" onClick={() => setShowRecent((v) => !v)} aria-expanded={showRecent} data-testid="taskbar-recent">
            {showRecent ? 'Hide recent' : `Recent (${finished.length})`}
          </button>
        ) : null}
        {error ? <ErrorMessage error={error} onRetry={() => void reload()} compact /> : null}
      </div>
      {running.length || showRecent ? (
        <ul className="taskbar__list">
          {running.map((task) => (
            <TaskRow key={task.id} task={task} />
          ))}
          {showRecent ? finished.map((task) => <TaskRow key={task.id} task={task} />) : null}
        </ul>
      ) : null}
    </footer>
  );
}

const stateLabels: Record<TaskInfo['state'], string> = {
  running: 'Running',
  succeeded: 'Done',
  failed: 'Failed',
  cancelled: 'Cancelled',
  interrupted: 'Interrupted (the app stopped)',
};

function TaskRow({ task }: { task: TaskInfo }) {
  const cancel = useTasks((s) => s.cancel);
  const [cancelling, setCancelling] = useState(false);
  const running = task.state === 'running';
  const percent = task.progress === null ? null : Math.round(task.progress * 100);
  return (
    <li className={`task task--${task.state}`} data-testid="task" data-task-id={task.id} data-state={task.state}>
      <div className="task__title">{task.title}</div>
      <div className="task__progress">
        {running ? (
          percent === null ? (
            <progress aria-label={`${task.title} progress`} />
          ) : (
            <progress max={100} value={percent} aria-label={`${task.title} progress`} />
          )
        ) : (
          <span className={`task__state task__state--${task.state}`}>{stateLabels[task.state]}</span>
        )}
        {running && percent !== null ? <span className="task__percent">{percent}%</span> : null}
      </div>
      <div className="task__message" title={task.message}>
        {task.error ? `${task.error.code}: ${task.error.message}` : task.message}
        {!running && task.finishedAt ? <span className="task__when"> · {formatAge(task.finishedAt)}</span> : null}
      </div>
      {running && task.cancellable ? (
        <button
          type="button"
          className="button button--small"
          disabled={cancelling}
          data-testid="task-cancel"
          onClick={() => {
            setCancelling(true);
            void cancel(task.id).finally(() => setCancelling(false));
          }}
        >
          {cancelling ? 'Cancelling…' : 'Cancel'}
        </button>
      ) : (
        <span />
      )}
    </li>
  );
}
