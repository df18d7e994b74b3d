import { z } from 'zod';
import { baselineResultSchema } from '../model/baseline';
import { malwareReportSchema } from '../model/malware';
import { scannerKindSchema } from '../model/scanner';
import { fileRecordSchema, imageSpecSchema, layerInfoSchema } from '../model/image';
import { osInfoSchema } from '../model/os-info';
import { imagePackageSchema, packageTypeSchema } from '../model/package';
import { pageRequest, pageResult } from '../model/paging';
import { severityCountsSchema } from '../model/scan-report';
import { defineOperation } from './operation';

export const scanSummarySchema = z.object({
  scanId: z.number().int(),
  state: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  trigger: z.enum(['manual', 'new-image', 'schedule', 'cli']),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** Findings not ignored, by severity. */
  counts: severityCountsSchema,
  packages: z.number().int(),
  unownedFiles: z.number().int(),
  error: z.string().nullable(),
});
export type ScanSummary = z.infer<typeof scanSummarySchema>;

export const imageRowSchema = z.object({
  /** The image ID (config digest). Engine images not scanned yet also have it. */
  id: z.string(),
  name: z.string(),
  source: z.enum(['docker', 'archive', 'oci', 'registry']),
  /** What to hand back to images.scan to scan it again. */
  sourceRef: z.string(),
  repoTags: z.array(z.string()),
  os: z.string().nullable(),
  size: z.number().nullable(),
  created: z.string().nullable(),
  /** Present in the local engine right now. */
  inEngine: z.boolean(),
  lastScan: scanSummarySchema.nullable(),
  /** Malicious files and failed baseline items of the last scan; each null when its scanner did not run. */
  security: z.object({ malware: z.number().int().nullable(), baselineFailed: z.number().int().nullable() }),
});
export type ImageRow = z.infer<typeof imageRowSchema>;

export const imageSortFields = ['name', 'lastScan', 'critical', 'high', 'created', 'size'] as const;
export const imagesList = defineOperation({
  name: 'images.list',
  kind: 'query',
  summary: 'Images Vigil knows: scanned ones from every source, and the local engine’s, with their last scan',
  input: pageRequest(imageSortFields).extend({ source: z.enum(['docker', 'archive', 'oci', 'registry']).optional() }),
  output: pageResult(imageRowSchema),
});

export const imagesGet = defineOperation({
  name: 'images.get',
  kind: 'query',
  summary: 'One image: its config facts, layers with their history lines, and its last scan',
  input: z.object({ imageId: z.string().min(1) }),
  output: z.object({
    image: imageRowSchema,
    platform: z.string().nullable(),
    osInfo: osInfoSchema.nullable(),
    user: z.string().nullable(),
    layers: z.array(layerInfoSchema),
    notes: z.array(z.string()),
    scans: z.array(scanSummarySchema),
  }),
});

export const imagesScan = defineOperation({
  name: 'images.scan',
  kind: 'task',
  writes: 'local',
  summary: 'Scan an image from the engine, a tarball, an OCI layout or a registry (pull-and-scan)',
  input: z.object({
    spec: imageSpecSchema,
    /** Analyse every layer again even when cached. */
    refresh: z.boolean().default(false),
    /** Registry credentials for this scan only; never stored in plain text. */
    credentials: z.object({ username: z.string(), password: z.string() }).optional(),
    /** Allow plain HTTP / unverified TLS for this registry. */
    insecure: z.boolean().default(false),
    /** Why this scan runs; automatic scans say so in the image's scan history. */
    trigger: z.enum(['manual', 'new-image', 'schedule', 'cli']).default('manual'),
    /** What to look for; every scanner when absent. */
    scanners: z.array(scannerKindSchema).min(1).optional(),
  }),
  output: z.object({ imageId: z.string(), scan: scanSummarySchema }),
});

export const imagesScanRepository = defineOperation({
  name: 'images.scanRepository',
  kind: 'task',
  writes: 'local',
  summary: "Scan the tags of a private registry repository (all, or the ones listed)",
  input: z.object({
    repository: z.string().min(1),
    tags: z.array(z.string().min(1)).optional(),
    maxTags: z.number().int().min(1).max(1000).default(50),
    credentials: z.object({ username: z.string(), password: z.string() }).optional(),
    insecure: z.boolean().default(false),
  }),
  output: z.object({ scanned: z.array(z.object({ tag: z.string(), imageId: z.string().nullable(), error: z.string().nullable() })) }),
});

export const packageSortFields = ['name', 'type', 'layer', 'version'] as const;
export const imagesPackages = defineOperation({
  name: 'images.packages',
  kind: 'query',
  summary: "The image's software inventory from its last scan, with the layer that brought each package",
  input: pageRequest(packageSortFields).extend({ imageId: z.string().min(1), type: packageTypeSchema.optional() }),
  output: pageResult(imagePackageSchema),
});

export const fileSortFields = ['path', 'size', 'layer'] as const;
export const imagesFiles = defineOperation({
  name: 'images.files',
  kind: 'query',
  summary: 'Files that belong to no package (dropped in by hand), with hash, mode and layer',
  input: pageRequest(fileSortFields).extend({ imageId: z.string().min(1) }),
  output: pageResult(fileRecordSchema.extend({ layerIndex: z.number().int() })),
});

export const imagesSecurity = defineOperation({
  name: 'images.security',
  kind: 'query',
  summary: "The image's malware findings (with engine status and files not scanned) and baseline results from its last scan",
  input: z.object({ imageId: z.string().min(1) }),
  output: z.object({
    scanners: z.array(scannerKindSchema),
    malware: malwareReportSchema.nullable(),
    baseline: z.array(baselineResultSchema).nullable(),
  }),
});

export const exportFormats = ['json', 'sarif', 'cyclonedx', 'spdx', 'table'] as const;
export const imagesExport = defineOperation({
  name: 'images.export',
  kind: 'query',
  summary: "The image's last scan as JSON, SARIF, CycloneDX, SPDX or a text table",
  input: z.object({ imageId: z.string().min(1), format: z.enum(exportFormats) }),
  output: z.object({ fileName: z.string(), mediaType: z.string(), content: z.string() }),
});
