// The result of one container environment check: which alert of the product it raises (the
// names of SPEC §3 "abnormal container start"), the CIS Docker Benchmark item it implements,
// how bad a failure is, and the evidence a reader needs to see why.
import { z } from 'zod';
import { severitySchema } from '../model/severity';

export const containerCheckIds = [
  'privileged',
  'capabilities',
  'seccomp',
  'no-new-privileges',
  'host-mounts',
  'runtime-socket',
  'host-pid',
  'host-ipc',
  'host-network',
  'image-block-list',
] as const;
export const containerCheckIdSchema = z.enum(containerCheckIds);
export type ContainerCheckId = z.infer<typeof containerCheckIdSchema>;

export const checkStatusSchema = z.enum(['passed', 'failed']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

export const checkAlertSchema = z.object({
  /** The alert's name in the product catalogue (容器安全选项 …). */
  name: z.string(),
  /** The same in English, for the UI and reports. */
  label: z.string(),
});
export type CheckAlert = z.infer<typeof checkAlertSchema>;

export const cisItemSchema = z.object({
  benchmark: z.string(),
  item: z.string(),
  title: z.string(),
});
export type CisItem = z.infer<typeof cisItemSchema>;

export const containerCheckResultSchema = z.object({
  id: containerCheckIdSchema,
  title: z.string(),
  alert: checkAlertSchema,
  /** null where no benchmark item covers the check (the image block list). */
  cis: cisItemSchema.nullable(),
  /** How bad it is when it fails; for a passed check, how bad it would have been. */
  severity: severitySchema,
  status: checkStatusSchema,
  /** What was looked at and what was found, one fact a line. */
  evidence: z.array(z.string()),
});
export type ContainerCheckResult = z.infer<typeof containerCheckResultSchema>;
