// User settings kept in the store. New settings get a default so older databases keep working.
import { z } from 'zod';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  theme: themeSchema.default('system'),
  /** Scan every known image once a day, early in the morning (SPEC §1 "Scan schedule"). */
  dailyScanEnabled: z.boolean().default(true),
  /** Local hour (0-23) of the daily scan. */
  dailyScanHour: z.number().int().min(0).max(23).default(3),
  /** Scan an image when it appears in the local engine. */
  scanNewImages: z.boolean().default(true),
  /** Largest file the malware engines read, in MiB; larger files are reported as not scanned. */
  malwareMaxFileMiB: z.number().int().min(1).max(4096).default(64),
  /** ClamAV: Vigil's own clamd over imported databases, a clamd the user runs, or none. */
  clamdMode: z.enum(['managed', 'external', 'off']).default('managed'),
  /** For an external clamd: '/run/clamav/clamd.ctl' or 'tcp://127.0.0.1:3310'. */
  clamdSocket: z.string().nullable().default(null),
});
export type Settings = z.infer<typeof settingsSchema>;
