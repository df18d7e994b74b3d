// One installed piece of software found in an image (the spec's "software information").
import { z } from 'zod';

/** Package types, named as in purl (https://github.com/package-url/purl-spec). */
export const packageTypes = ['apk', 'deb', 'rpm', 'npm', 'pypi', 'golang', 'maven', 'cargo', 'gem', 'composer'] as const;
export const packageTypeSchema = z.enum(packageTypes);
export type PackageType = z.infer<typeof packageTypeSchema>;

export const osPackageTypes: readonly PackageType[] = ['apk', 'deb', 'rpm'];

export function isOsPackage(type: PackageType): boolean {
  return osPackageTypes.includes(type);
}

export const packageRecordSchema = z.object({
  type: packageTypeSchema,
  name: z.string(),
  version: z.string(),
  /** OS packages: the source/origin package advisories are filed under (dpkg Source, apk origin, rpm SOURCERPM name). */
  sourceName: z.string().nullable(),
  sourceVersion: z.string().nullable(),
  /** Maven groupId, npm scope (@x), Go module path prefix … where the ecosystem has one. */
  namespace: z.string().nullable(),
  arch: z.string().nullable(),
  purl: z.string(),
  licenses: z.array(z.string()),
  /** The file that declared it, without a leading slash: var/lib/dpkg/status, app/node_modules/x/package.json, usr/bin/app (Go). */
  path: z.string(),
  /** Set for language packages that an OS package installed (e.g. python3-yaml's dist-info): matched once, as the OS package. */
  installedBy: z.string().nullable().default(null),
});
export type PackageRecord = z.infer<typeof packageRecordSchema>;

/** A package as it stands in an image: plus the layer that brought it. */
export const imagePackageSchema = packageRecordSchema.extend({
  layerIndex: z.number().int(),
  layerDiffId: z.string(),
});
export type ImagePackage = z.infer<typeof imagePackageSchema>;
