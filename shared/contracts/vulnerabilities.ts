import { z } from 'zod';
import { fixStateSchema } from '../model/finding';
import { packageTypeSchema } from '../model/package';
import { pageRequest, pageResult } from '../model/paging';
import { imageFindingSchema } from '../model/scan-report';
import { severitySchema } from '../model/severity';
import { defineOperation } from './operation';

export const findingRowSchema = imageFindingSchema.extend({
  id: z.number().int(),
  imageId: z.string(),
  imageName: z.string(),
  cvssScore: z.number().nullable(),
});
export type FindingRow = z.infer<typeof findingRowSchema>;

export const findingSortFields = ['severity', 'cvss', 'vulnId', 'package', 'image', 'published', 'fixState'] as const;
export const vulnerabilitiesList = defineOperation({
  name: 'vulnerabilities.list',
  kind: 'query',
  summary: "Findings of every image's last scan, filtered and sorted on the server",
  input: pageRequest(findingSortFields).extend({
    severities: z.array(severitySchema).optional(),
    fixStates: z.array(fixStateSchema).optional(),
    packageTypes: z.array(packageTypeSchema).optional(),
    imageId: z.string().optional(),
    /** Show findings hidden by an ignore rule too (marked). */
    includeIgnored: z.boolean().default(false),
  }),
  output: pageResult(findingRowSchema),
});

export const ignoreRuleSchema = z.object({
  id: z.number().int(),
  vulnId: z.string(),
  /** null: every image. */
  imageId: z.string().nullable(),
  imageName: z.string().nullable(),
  reason: z.string(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  /** Expired rules stay listed but no longer hide anything. */
  active: z.boolean(),
});
export type IgnoreRule = z.infer<typeof ignoreRuleSchema>;

export const ignoresList = defineOperation({
  name: 'ignores.list',
  kind: 'query',
  summary: 'Ignore rules, active and expired',
  input: z.object({ vulnId: z.string().optional(), imageId: z.string().optional() }).default({}),
  output: z.array(ignoreRuleSchema),
});

export const ignoresAdd = defineOperation({
  name: 'ignores.add',
  kind: 'mutation',
  writes: 'policy',
  summary: 'Ignore a vulnerability for every image, or for one image, with a reason and an optional expiry',
  input: z.object({
    vulnId: z.string().min(1),
    imageId: z.string().min(1).nullable(),
    reason: z.string().trim().min(1, 'reason: say why this vulnerability is ignored'),
    expiresAt: z.iso.datetime({ offset: true }).nullable().default(null),
  }),
  output: ignoreRuleSchema,
});

export const ignoresRemove = defineOperation({
  name: 'ignores.remove',
  kind: 'mutation',
  writes: 'policy',
  summary: 'Undo an ignore rule: its findings count again',
  input: z.object({ id: z.number().int() }),
  output: z.object({ removed: z.boolean() }),
});
