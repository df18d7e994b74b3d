// Container environment checks (SPEC §3 "abnormal container start", on demand) for the local
// engine's running containers, checks of the Docker host itself, and the two user lists the
// container checks take.
import { z } from 'zod';
import { containerCheckResultSchema } from '../checks/check-result';
import { containerCheckSettingsSchema } from '../checks/check-settings';
import { hostCheckResultSchema } from '../checks/host-check';
import { severitySchema } from '../model/severity';
import { defineOperation } from './operation';

export const containerCheckReportSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The image as the container names it. */
  image: z.string(),
  imageId: z.string(),
  /** running, paused … (only running containers are checked on demand). */
  state: z.string(),
  failed: z.number().int(),
  /** The worst severity among the failed checks; null when every check passed. */
  worst: severitySchema.nullable(),
  results: z.array(containerCheckResultSchema),
});
export type ContainerCheckReport = z.infer<typeof containerCheckReportSchema>;

export const containersChecks = defineOperation({
  name: 'containers.checks',
  kind: 'query',
  summary: "Run the container environment checks on every running container of the local engine",
  input: z.object({}).default({}),
  output: z.object({ checkedAt: z.string(), containers: z.array(containerCheckReportSchema) }),
});

export const dockerHostChecksResult = z.object({
  checkedAt: z.string(),
  endpoint: z.string().nullable(),
  /** Whether the engine's files are on this machine (a local Linux socket, not Docker Desktop's VM or a remote host). */
  local: z.boolean(),
  /** Why files were not read when local is false. */
  localReason: z.string().nullable(),
  checks: z.array(hostCheckResultSchema),
});
export type DockerHostChecks = z.infer<typeof dockerHostChecksResult>;

export const dockerHostChecks = defineOperation({
  name: 'dockerHost.checks',
  kind: 'query',
  summary: "Check the local Docker daemon's configuration and files (CIS Docker §2, §3) as far as this user can see them",
  input: z.object({}).default({}),
  output: dockerHostChecksResult,
});

export const containerCheckSettingsGet = defineOperation({
  name: 'containers.checkSettings.get',
  kind: 'query',
  summary: 'The safe host mounts and the image block list the container checks use',
  input: z.object({}).default({}),
  output: containerCheckSettingsSchema,
});

export const containerCheckSettingsSet = defineOperation({
  name: 'containers.checkSettings.set',
  kind: 'mutation',
  writes: 'local',
  summary: 'Replace the safe host mounts and/or the image block list of the container checks',
  input: z
    .object({
      safeMounts: containerCheckSettingsSchema.shape.safeMounts.unwrap().optional(),
      blockedImages: containerCheckSettingsSchema.shape.blockedImages.unwrap().optional(),
    })
    .strict(),
  output: containerCheckSettingsSchema,
});
