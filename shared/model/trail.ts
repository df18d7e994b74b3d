// One row of the append-only operation trail (SPEC §5): who changed what, when, and how it ended.
import { z } from 'zod';
import { roleSchema } from './role';

export const trailEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  role: roleSchema,
  transport: z.string(),
  operation: z.string(),
  writes: z.string(),
  /** The validated input, as JSON, with secrets removed. */
  input: z.string(),
  outcome: z.enum(['ok', 'failed', 'started']),
  error: z.string().nullable(),
  taskId: z.string().nullable(),
});
export type TrailEntry = z.infer<typeof trailEntrySchema>;
