// Long work lives in the core, so the task bar rebuilds itself from tasks.list on every load
// (and after a reconnect) and then follows tasks.updates.
import { create } from 'zustand';
import { RpcError } from '../../shared/contracts/errors';
import type { TaskInfo } from '../../shared/model/task';
import { client } from '../transport/client';
import { keepSubscribed } from './stream-feed';
import { applyUpdate, justFinished, mergeSnapshot } from './task-list';
import { notify, notifyError } from './toast-store';

interface TasksState {
  tasks: TaskInfo[];
  loaded: boolean;
  error: unknown;
  /** Bumped whenever a task ends; lists that tasks change (trail, images) refresh on it. */
  finishedVersion: number;
  /** Tasks that ended, counted by operation (images.scan, vulndb.import …): pages refresh on the ones that concern them. */
  finishedByOperation: Record<string, number>;
  reload(): Promise<void>;
  cancel(taskId: string): Promise<void>;
}

export const useTasks = create<TasksState>()((set) => ({
  tasks: [],
  loaded: false,
  error: null,
  finishedVersion: 0,
  finishedByOperation: {},
  async reload() {
    try {
      const snapshot = await client().call('tasks.list', { includeFinished: true, limit: 50 });
      set((s) => ({ tasks: mergeSnapshot(s.tasks, snapshot), loaded: true, error: null }));
    } catch (error) {
      set({ error, loaded: true });
    }
  },
  async cancel(taskId) {
    try {
      const { cancelled } = await client().call('tasks.cancel', { taskId });
      if (!cancelled) notify('info', 'The task had already ended');
    } catch (error) {
      notifyError('Could not cancel the task', error);
    }
  },
}));

function onUpdate(update: TaskInfo): void {
  const previous = useTasks.getState().tasks.find((t) => t.id === update.id);
  useTasks.setState((s) => ({ tasks: applyUpdate(s.tasks, update) }));
  if (!justFinished(previous, update)) return;
  useTasks.setState((s) => ({
    finishedVersion: s.finishedVersion + 1,
    finishedByOperation: { ...s.finishedByOperation, [update.operation]: (s.finishedByOperation[update.operation] ?? 0) + 1 },
  }));
  if (update.state === 'succeeded') notify('success', `${update.title}: done`, update.message && update.message !== 'Done' ? update.message : undefined);
  else if (update.state === 'cancelled') notify('info', `${update.title}: cancelled`);
  else notifyError(`${update.title}: ${update.state}`, update.error ? RpcError.fromShape(update.error) : new RpcError('internal', update.message));
}

/** How many tasks of these operations have ended since the page loaded (a refresh key). */
export function useFinishedCount(...operations: string[]): number {
  return useTasks((s) => operations.reduce((sum, op) => sum + (s.finishedByOperation[op] ?? 0), 0));
}

/** The task with this id as the task bar knows it, or undefined. */
export function useTask(taskId: string | null | undefined): TaskInfo | undefined {
  return useTasks((s) => (taskId ? s.tasks.find((t) => t.id === taskId) : undefined));
}

/** Follows tasks.updates (subscribing again if the stream fails) and loads the list. Returns stop. */
export function startTaskFeed(): () => void {
  const stop = keepSubscribed('tasks.updates', {}, onUpdate, (error) => useTasks.setState({ error }));
  void useTasks.getState().reload();
  return stop;
}
