// The image baseline check (SPEC §1 基线检查): a catalogue of items, each with why it matters, how to
// fix it and the benchmark item it implements, and per scan each item's status with its evidence.
import { z } from 'zod';
import { severitySchema } from './severity';

/** 'secrets' items run under the secrets scanner, the others under baseline. */
export const baselineScannerSchema = z.enum(['baseline', 'secrets']);
export type BaselineScanner = z.infer<typeof baselineScannerSchema>;

export const baselineItemSchema = z.object({
  /** Stable id: 'IMG-USER-ROOT', 'IMG-SECRET-FILE' … */
  id: z.string(),
  title: z.string(),
  why: z.string(),
  fix: z.string(),
  /** The benchmark item it implements ('CIS Docker Benchmark v1.6 4.1'), null where none exists. */
  benchmark: z.string().nullable(),
  severity: severitySchema,
  scanner: baselineScannerSchema,
});
export type BaselineItem = z.infer<typeof baselineItemSchema>;

export const baselineEvidenceSchema = z.object({
  /** What was found, already redacted (a secret's first and last characters only). */
  detail: z.string(),
  path: z.string().nullable(),
  layerIndex: z.number().int().nullable(),
  layerDiffId: z.string().nullable(),
});
export type BaselineEvidence = z.infer<typeof baselineEvidenceSchema>;

export const baselineStatusSchema = z.enum(['passed', 'failed', 'not-evaluated']);
export type BaselineStatus = z.infer<typeof baselineStatusSchema>;

export const baselineResultSchema = baselineItemSchema.extend({
  status: baselineStatusSchema,
  /** Why an item could not be evaluated ('no /etc/shadow in the image'), else null. */
  reason: z.string().nullable(),
  evidence: z.array(baselineEvidenceSchema),
});
export type BaselineResult = z.infer<typeof baselineResultSchema>;
