// Long work (scans, imports, deployments, exports) seen from outside: id, progress, outcome.
import { z } from 'zod';
import { rpcErrorShape } from '../contracts/errors';

export const taskStates = ['running', 'succeeded', 'failed', 'cancelled', 'interrupted'] as const;
export const taskStateSchema = z.enum(taskStates);
export type TaskState = z.infer<typeof taskStateSchema>;

export const taskInfoSchema = z.object({
  id: z.string(),
  operation: z.string(),
  title: z.string(),
  /** What the task is about, for finding it from elsewhere ('docker:alpine:3.20' for a scan), or null. */
  subject: z.string().nullable(),
  state: taskStateSchema,
  /** 0..1, or null while the amount of work is not known yet. */
  progress: z.number().min(0).max(1).nullable(),
  message: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: rpcErrorShape.nullable(),
  result: z.unknown().optional(),
  cancellable: z.boolean(),
});
export type TaskInfo = z.infer<typeof taskInfoSchema>;

export function isFinished(state: TaskState): boolean {
  return state !== 'running';
}
