// User settings kept in the store. New settings get a default so older databases keep working.
import { z } from 'zod';

export const themeSchema = z.enum(['system', 'light', 'dark']);
export type Theme = z.infer<typeof themeSchema>;

export const settingsSchema = z.object({
  theme: themeSchema.default('system'),
});
export type Settings = z.infer<typeof settingsSchema>;
