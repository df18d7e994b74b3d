import { z } from 'zod';
import { dockerChangeSchema, dockerStatusSchema, localContainerSchema, localImageSchema } from '../model/docker';
import { pageRequest, pageResult } from '../model/paging';
import { defineOperation } from './operation';

export const dockerStatus = defineOperation({
  name: 'docker.status',
  kind: 'query',
  summary: 'Which engine Vigil uses, why, and whether it answers (with the reason when not)',
  input: z.object({ refresh: z.boolean().default(false) }).default({ refresh: false }),
  output: dockerStatusSchema,
});

export const imageSortFields = ['repository', 'created', 'size', 'id'] as const;
export const dockerImagesList = defineOperation({
  name: 'docker.images.list',
  kind: 'query',
  summary: 'Images in the local engine (tags, digest, size, created)',
  input: pageRequest(imageSortFields).extend({ includeUntagged: z.boolean().default(true) }),
  output: pageResult(localImageSchema),
});

export const containerSortFields = ['name', 'image', 'state', 'created'] as const;
export const dockerContainersList = defineOperation({
  name: 'docker.containers.list',
  kind: 'query',
  summary: 'Containers in the local engine, running and stopped',
  input: pageRequest(containerSortFields).extend({ all: z.boolean().default(true) }),
  output: pageResult(localContainerSchema),
});

export const dockerChanges = defineOperation({
  name: 'docker.changes',
  kind: 'stream',
  summary: "Image, container and connection changes, from Docker's event stream",
  input: z.object({}).default({}),
  output: dockerChangeSchema,
});
