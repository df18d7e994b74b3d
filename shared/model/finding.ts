// A known vulnerability in a package of an image.
import { z } from 'zod';
import { packageTypeSchema } from './package';
import { severitySchema } from './severity';

export const fixStates = ['fixed', 'not-fixed', 'wont-fix', 'unknown'] as const;
export const fixStateSchema = z.enum(fixStates);
export type FixState = z.infer<typeof fixStateSchema>;

export const cvssSchema = z.object({
  /** 'CVSS_V2' | 'CVSS_V3' | 'CVSS_V4' as in OSV. */
  type: z.string(),
  vector: z.string(),
  score: z.number().nullable(),
  /** Who scored it: nvd, ghsa, debian, the advisory's source … */
  source: z.string().nullable(),
});
export type Cvss = z.infer<typeof cvssSchema>;

export const vulnerabilityMatchSchema = z.object({
  vulnId: z.string(),
  aliases: z.array(z.string()),
  title: z.string().nullable(),
  severity: severitySchema,
  /** 'vendor' when the distribution or advisory database rated it, 'cvss' when taken from the score band. */
  severitySource: z.enum(['vendor', 'cvss', 'none']),
  cvss: z.array(cvssSchema),
  fixState: fixStateSchema,
  fixedVersion: z.string().nullable(),
  /** The advisory source the match came from (osv:Alpine, alpine-secdb, debian-tracker …). */
  source: z.string(),
  references: z.array(z.string()),
  published: z.string().nullable(),
  /** The package that matched, by its key in the scan's inventory. */
  packageType: packageTypeSchema,
  packageName: z.string(),
  packageVersion: z.string(),
  /** For OS packages: the source package the advisory is filed under. */
  matchedName: z.string(),
  packagePath: z.string(),
});
export type VulnerabilityMatch = z.infer<typeof vulnerabilityMatchSchema>;
