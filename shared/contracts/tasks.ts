import { z } from 'zod';
import { taskInfoSchema } from '../model/task';
import { defineOperation } from './operation';

export const tasksList = defineOperation({
  name: 'tasks.list',
  kind: 'query',
  summary: 'Running tasks and the ones finished recently (kept across reloads and restarts)',
  input: z.object({ includeFinished: z.boolean().default(true), limit: z.number().int().min(1).max(500).default(50) }),
  output: z.array(taskInfoSchema),
});

export const tasksCancel = defineOperation({
  name: 'tasks.cancel',
  kind: 'mutation',
  writes: 'nothing',
  summary: 'Ask a running task to stop; it ends in the cancelled state',
  input: z.object({ taskId: z.string().min(1) }),
  output: z.object({ cancelled: z.boolean() }),
});

export const tasksUpdates = defineOperation({
  name: 'tasks.updates',
  kind: 'stream',
  summary: 'Every change of every task: start, progress, end',
  input: z.object({}).default({}),
  output: taskInfoSchema,
});
