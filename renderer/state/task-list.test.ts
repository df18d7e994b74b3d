import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../shared/model/task';
import { applyUpdate, justFinished, mergeSnapshot, orderTasks } from './task-list';

function task(id: string, over: Partial<TaskInfo> = {}): TaskInfo {
  return {
    id,
    operation: 'system.backup',
    title: `Task ${id}`,
    state: 'running',
    progress: null,
    message: '',
    startedAt: `2025-01-01T00:00:0${id}Z`,
    finishedAt: null,
    error: null,
    cancellable: true,
    subject: null,
    ...over,
  };
}

describe('task list', () => {
  it('puts running tasks first, newest first', () => {
    const list = orderTasks([
      task('1', { state: 'succeeded', finishedAt: '2025-01-01T00:01:00Z' }),
      task('2'),
      task('3'),
      task('4', { state: 'failed', finishedAt: '2025-01-01T00:02:00Z' }),
    ]);
    expect(list.map((t) => t.id)).toEqual(['3', '2', '4', '1']);
  });

  it('applies progress and end updates in place', () => {
    let list = [task('1'), task('2')];
    list = applyUpdate(list, task('1', { progress: 0.5, message: 'half' }));
    expect(list.find((t) => t.id === '1')).toMatchObject({ progress: 0.5, message: 'half' });
    list = applyUpdate(list, task('1', { state: 'succeeded', finishedAt: '2025-01-01T00:05:00Z' }));
    expect(list.map((t) => [t.id, t.state])).toEqual([
      ['2', 'running'],
      ['1', 'succeeded'],
    ]);
    list = applyUpdate(list, task('9'));
    expect(list).toHaveLength(3);
  });

  it('does not let an older snapshot bring a finished task back to running', () => {
    const current = [task('1', { state: 'cancelled', finishedAt: '2025-01-01T00:05:00Z' }), task('7')];
    const merged = mergeSnapshot(current, [task('1'), task('2')]);
    expect(merged.find((t) => t.id === '1')?.state).toBe('cancelled');
    expect(merged.map((t) => t.id).sort()).toEqual(['1', '2', '7']);
  });

  it('knows when a task just ended', () => {
    expect(justFinished(task('1'), task('1', { state: 'failed' }))).toBe(true);
    expect(justFinished(undefined, task('1', { state: 'succeeded' }))).toBe(true);
    expect(justFinished(task('1', { state: 'failed' }), task('1', { state: 'failed' }))).toBe(false);
    expect(justFinished(task('1'), task('1', { progress: 0.2 }))).toBe(false);
  });
});
