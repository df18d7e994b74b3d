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
});
export type Settings = z.infer<typeof settingsSchema>;
