// The task bar's list: the core's snapshot (tasks.list) merged with live updates
// (tasks.updates). Pure, so it can be tested without a DOM.
import { isFinished, type TaskInfo } from '../../shared/model/task';

/** Finished tasks kept in the bar after they end. */
export const KEPT_FINISHED = 20;

/** Running first (newest first), then finished (most recently finished first). */
export function orderTasks(tasks: TaskInfo[]): TaskInfo[] {
  const running = tasks.filter((t) => t.state === 'running').sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  const finished = tasks
    .filter((t) => t.state !== 'running')
    .sort((a, b) => (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt))
    .slice(0, KEPT_FINISHED);
  return [...running, ...finished];
}

/** Applies one live update. */
export function applyUpdate(tasks: TaskInfo[], update: TaskInfo): TaskInfo[] {
  const rest = tasks.filter((t) => t.id !== update.id);
  return orderTasks([...rest, update]);
}

/**
 * Merges a fresh snapshot into what we have. The snapshot may be older than an update that
 * arrived while it was on its way, so a finished task never goes back to running.
 */
export function mergeSnapshot(current: TaskInfo[], snapshot: TaskInfo[]): TaskInfo[] {
  const byId = new Map(current.map((t) => [t.id, t]));
  const merged = snapshot.map((listed) => {
    const known = byId.get(listed.id);
    return known && isFinished(known.state) && !isFinished(listed.state) ? known : listed;
  });
  const listedIds = new Set(snapshot.map((t) => t.id));
  // Tasks we heard about live but that the snapshot (limited) left out.
  for (const known of current) if (!listedIds.has(known.id) && known.state === 'running') merged.push(known);
  return orderTasks(merged);
}

/** True when this update is the moment a task ended (worth a notification). */
export function justFinished(previous: TaskInfo | undefined, update: TaskInfo): boolean {
  return isFinished(update.state) && (previous === undefined || !isFinished(previous.state));
}
