import { settingsSchema } from '../model/settings';
import { z } from 'zod';
import { defineOperation } from './operation';

export const settingsGet = defineOperation({
  name: 'settings.get',
  kind: 'query',
  summary: 'Current settings, defaults filled in',
  input: z.object({}).default({}),
  output: settingsSchema,
});

export const settingsUpdate = defineOperation({
  name: 'settings.update',
  kind: 'mutation',
  writes: 'local',
  summary: 'Change some settings; the others stay as they are',
  input: z
    .object({
      theme: settingsSchema.shape.theme.unwrap().optional(),
      dailyScanEnabled: z.boolean().optional(),
      dailyScanHour: z.number().int().min(0, 'dailyScanHour: 0-23').max(23, 'dailyScanHour: 0-23').optional(),
      scanNewImages: z.boolean().optional(),
      malwareMaxFileMiB: z.number().int().min(1, 'malwareMaxFileMiB: 1-4096').max(4096, 'malwareMaxFileMiB: 1-4096').optional(),
      clamdMode: settingsSchema.shape.clamdMode.unwrap().optional(),
      clamdSocket: z.string().min(1).nullable().optional(),
    })
    .strict(),
  output: settingsSchema,
});
