import type { CoreServer } from '../rpc/core-server';
import type { TaskManager } from './task-manager';

export function registerTaskHandlers(server: CoreServer, tasks: TaskManager): void {
  server.implement('tasks.list', (input) => tasks.list(input));
  server.implement('tasks.cancel', (input) => ({ cancelled: tasks.cancel(input.taskId) }));
  server.implement('tasks.updates', (_input, emit) => tasks.subscribe(emit));
}
