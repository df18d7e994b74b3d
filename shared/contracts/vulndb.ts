import { z } from 'zod';
import { defineOperation } from './operation';

export const vulnDbStatusSchema = z.object({
  state: z.enum(['ready', 'missing', 'error']),
  path: z.string(),
  builtAt: z.string().nullable(),
  importedAt: z.string().nullable(),
  advisories: z.number().int(),
  sources: z.array(z.object({ name: z.string(), kind: z.string(), advisories: z.number().int(), digest: z.string().nullable() })),
  error: z.string().nullable(),
});
export type VulnDbStatus = z.infer<typeof vulnDbStatusSchema>;

export const vulndbStatus = defineOperation({
  name: 'vulndb.status',
  kind: 'query',
  summary: 'The vulnerability database: build date, sources and counts',
  input: z.object({}).default({}),
  output: vulnDbStatusSchema,
});

export const vulndbImport = defineOperation({
  name: 'vulndb.import',
  kind: 'task',
  writes: 'local',
  summary: 'Import advisories offline (OSV JSON/YAML folders or zips, Alpine secdb, Debian tracker JSON)',
  input: z.object({
    paths: z.array(z.string().min(1)).min(1, 'paths: name at least one file or folder'),
    sha256: z.string().regex(/^[a-f0-9]{64}$/i, 'sha256: 64 hexadecimal digits').optional(),
    replace: z.boolean().default(false),
  }),
  output: z.object({ advisories: z.number().int(), corrupt: z.number().int(), sources: z.array(z.string()) }),
});
