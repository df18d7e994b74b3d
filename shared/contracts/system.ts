import { z } from 'zod';
import { rpcErrorShape } from './errors';
import { roleSchema } from '../model/role';
import { defineOperation } from './operation';

export const storeStatusSchema = z.object({
  state: z.enum(['ready', 'error']),
  path: z.string(),
  schemaVersion: z.number().int().nullable(),
  error: rpcErrorShape.nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

export const systemStatus = defineOperation({
  name: 'system.status',
  kind: 'query',
  summary: 'Versions, data directory, database state and who the caller is',
  input: z.object({}).default({}),
  output: z.object({
    app: z.object({ name: z.string(), version: z.string() }),
    runtime: z.object({
      node: z.string(),
      electron: z.string().nullable(),
      sqlite: z.string().nullable(),
      platform: z.string(),
      arch: z.string(),
    }),
    dataDir: z.string(),
    store: storeStatusSchema,
    caller: z.object({ role: roleSchema, transport: z.string() }),
  }),
});

export const doctorCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['ok', 'warning', 'failed']),
  /** A failed required check makes `vigil doctor` exit non-zero. */
  required: z.boolean(),
  detail: z.string(),
  fix: z.string().optional(),
});
export type DoctorCheck = z.infer<typeof doctorCheckSchema>;

export const systemDoctor = defineOperation({
  name: 'system.doctor',
  kind: 'query',
  summary: 'Check Docker, the database, the data directory and versions, with a fix for each problem',
  input: z.object({}).default({}),
  output: z.object({ healthy: z.boolean(), checks: z.array(doctorCheckSchema) }),
});

export const systemBackup = defineOperation({
  name: 'system.backup',
  kind: 'task',
  writes: 'local',
  summary: 'Copy the database to a file while the app keeps running (online backup)',
  input: z.object({ destination: z.string().min(1, 'destination: give the path of the backup file') }),
  output: z.object({ path: z.string(), bytes: z.number().int() }),
});
