// The result of scanning one image, as exported (JSON) and as every output format reads it.
import { z } from 'zod';
import { baselineResultSchema } from './baseline';
import { fixStateSchema, vulnerabilityMatchSchema } from './finding';
import { imageFileSchema, layerInfoSchema } from './image';
import { osInfoSchema } from './os-info';
import { malwareReportSchema } from './malware';
import { imagePackageSchema } from './package';
import { scannerKindSchema } from './scanner';
import { severitySchema } from './severity';

export const ignoreRefSchema = z.object({
  id: z.number().int(),
  scope: z.enum(['all-images', 'this-image']),
  reason: z.string(),
  expiresAt: z.string().nullable(),
});
export type IgnoreRef = z.infer<typeof ignoreRefSchema>;

export const imageFindingSchema = vulnerabilityMatchSchema.extend({
  layerIndex: z.number().int(),
  layerDiffId: z.string(),
  /** The ignore rule that hides this finding, if any (ignored findings stay in the report, marked). */
  ignored: ignoreRefSchema.nullable(),
});
export type ImageFinding = z.infer<typeof imageFindingSchema>;

export const severityCountsSchema = z.record(severitySchema, z.number().int());

export const scannedImageSchema = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(['docker', 'archive', 'oci', 'registry']),
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  platform: z.string().nullable(),
  created: z.string().nullable(),
  os: osInfoSchema.nullable(),
  layers: z.array(layerInfoSchema),
  user: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
});
export type ScannedImage = z.infer<typeof scannedImageSchema>;

export const scanReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.string(), version: z.string() }),
  scannedAt: z.string(),
  image: scannedImageSchema,
  vulnDb: z.object({ builtAt: z.string().nullable(), sources: z.array(z.string()) }).nullable(),
  packages: z.array(imagePackageSchema),
  /** Files that belong to no package. */
  unownedFiles: z.array(imageFileSchema),
  vulnerabilities: z.array(imageFindingSchema),
  /** Counts of findings not ignored, by severity. */
  counts: severityCountsSchema,
  /** The scanners that ran; a section is null when its scanner did not run. */
  scanners: z.array(scannerKindSchema),
  malware: malwareReportSchema.nullable(),
  /** Every item of the baseline and/or secrets scanners that ran, passed or not. */
  baseline: z.array(baselineResultSchema).nullable(),
  notes: z.array(z.string()),
});
export type ScanReport = z.infer<typeof scanReportSchema>;

export { fixStateSchema };
