// What the user can change about the container checks: extra host paths that are safe to
// mount, and images that must not run.
import { z } from 'zod';

const entry = z.string().trim().min(1, 'an entry cannot be empty').max(1024, 'an entry is at most 1024 characters');

export const containerCheckSettingsSchema = z.object({
  /** Host paths (and everything under them) that may be bind-mounted, beyond /etc/hosts, /etc/resolv.conf and /etc/hostname. */
  safeMounts: z.array(entry.regex(/^\//, 'a safe mount is an absolute host path')).max(500).default([]),
  /** Image references, repositories, image IDs or globs that must not run. */
  blockedImages: z.array(entry).max(500).default([]),
});
export type ContainerCheckSettings = z.infer<typeof containerCheckSettingsSchema>;
