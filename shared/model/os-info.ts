// The operating system of an image, from os-release and friends.
import { z } from 'zod';

export const osInfoSchema = z.object({
  /** os-release ID, lower case: alpine, debian, ubuntu, rhel, centos, rocky, almalinux, fedora, amzn, opensuse-leap, sles, ol, wolfi, chainguard … */
  family: z.string(),
  /** VERSION_ID (3.10.4, 12, 22.04, 9.3) or the release file's version. */
  version: z.string(),
  codename: z.string().nullable(),
  prettyName: z.string().nullable(),
  /** Which file told us (etc/os-release, usr/lib/os-release, etc/alpine-release, etc/debian_version …). */
  source: z.string(),
});
export type OsInfo = z.infer<typeof osInfoSchema>;
