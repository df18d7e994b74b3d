// The result of one check of the Docker host (CIS Docker Benchmark §2 daemon configuration,
// §3 configuration files, 4.5 content trust). Some cannot be known from where Vigil runs
// (no root, a remote engine); those say so instead of guessing.
import { z } from 'zod';
import { severitySchema } from '../model/severity';
import { cisItemSchema } from './check-result';

export const hostCheckStatuses = ['evaluated-passed', 'evaluated-failed', 'not-evaluated'] as const;
export const hostCheckStatusSchema = z.enum(hostCheckStatuses);
export type HostCheckStatus = z.infer<typeof hostCheckStatusSchema>;

export const hostCheckResultSchema = z.object({
  id: z.string(),
  title: z.string(),
  cis: cisItemSchema,
  severity: severitySchema,
  status: hostCheckStatusSchema,
  /** What was looked at and found (passed or failed), one fact a line. */
  evidence: z.array(z.string()),
  /** Why it could not be evaluated, and what would make it possible; null when evaluated. */
  reason: z.string().nullable(),
  /** Where the answer comes from: docker info, daemon.json, the dockerd command line, a file's stat … */
  source: z.string(),
});
export type HostCheckResult = z.infer<typeof hostCheckResultSchema>;
