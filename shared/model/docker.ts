// The local container engine as the UI sees it (Docker or Podman, through the Docker API).
import { z } from 'zod';

export const dockerConnectionStates = [
  'connected',
  'not-found', // no socket/pipe where the endpoint says
  'permission-denied', // socket exists but this user may not open it
  'unreachable', // refused, timed out, TLS failure
  'not-docker', // something answered, but it does not speak the Docker API
] as const;
export type DockerConnectionState = (typeof dockerConnectionStates)[number];

export const dockerStatusSchema = z.object({
  state: z.enum(dockerConnectionStates),
  /** e.g. unix:///var/run/docker.sock, tcp://10.0.0.2:2376, npipe:////./pipe/docker_engine */
  endpoint: z.string().nullable(),
  /** Why this endpoint: DOCKER_HOST, docker context "x", default socket, Podman socket … */
  source: z.string(),
  reason: z.string().nullable(),
  fix: z.string().nullable(),
  engine: z
    .object({
      product: z.string(),
      version: z.string(),
      apiVersion: z.string(),
      os: z.string(),
      arch: z.string(),
      storageDriver: z.string().nullable(),
    })
    .nullable(),
  /** Every place looked at, in order, so the user can see why one was chosen. */
  candidates: z.array(z.object({ endpoint: z.string(), source: z.string(), exists: z.boolean().nullable() })),
  checkedAt: z.string(),
});
export type DockerStatus = z.infer<typeof dockerStatusSchema>;

export const localImageSchema = z.object({
  id: z.string(),
  repoTags: z.array(z.string()),
  repoDigests: z.array(z.string()),
  size: z.number(),
  created: z.string(),
  containers: z.number().int(),
});
export type LocalImage = z.infer<typeof localImageSchema>;

export const containerPortSchema = z.object({
  privatePort: z.number().int(),
  publicPort: z.number().int().nullable(),
  ip: z.string().nullable(),
  type: z.string(),
});

export const localContainerSchema = z.object({
  id: z.string(),
  name: z.string(),
  image: z.string(),
  imageId: z.string(),
  command: z.string(),
  state: z.string(),
  status: z.string(),
  created: z.string(),
  ports: z.array(containerPortSchema),
});
export type LocalContainer = z.infer<typeof localContainerSchema>;

export const dockerChangeSchema = z.object({
  /** 'status' when the connection itself changed. */
  kind: z.enum(['image', 'container', 'status']),
  action: z.string(),
  id: z.string().nullable(),
  at: z.string(),
});
export type DockerChange = z.infer<typeof dockerChangeSchema>;

export function formatPorts(ports: LocalContainer['ports']): string {
  return ports
    .map((p) => (p.publicPort ? `${p.ip ?? ''}:${p.publicPort}->${p.privatePort}/${p.type}` : `${p.privatePort}/${p.type}`))
    .join(', ');
}
