import { z } from 'zod';
import { pageRequest, pageResult } from '../model/paging';
import { trailEntrySchema } from '../model/trail';
import { defineOperation } from './operation';

export const trailSortFields = ['at', 'operation', 'actor', 'outcome'] as const;

export const trailList = defineOperation({
  name: 'trail.list',
  kind: 'query',
  summary: 'The operation trail, newest first by default, paged on the server',
  input: pageRequest(trailSortFields).extend({
    outcome: z.enum(['ok', 'failed', 'started']).optional(),
  }),
  output: pageResult(trailEntrySchema),
});
