// What a container is started with, normalised, so that one set of checks runs on a Docker
// engine's containers, on Kubernetes Pod specs and in the agent when a container starts.
import { z } from 'zod';

export const containerMountSchema = z.object({
  /** The host path for a bind mount (Kubernetes hostPath); the volume's name for a volume. */
  source: z.string(),
  /** Where it appears inside the container. */
  destination: z.string(),
  readOnly: z.boolean(),
  /** 'bind' for host paths; 'volume', 'tmpfs', 'npipe' … never reach the host's own tree. */
  type: z.string(),
});
export type ContainerMount = z.infer<typeof containerMountSchema>;

export const containerStartSpecSchema = z.object({
  /** The image as the container names it (docker run's argument, a Pod's image field). */
  image: z.string(),
  /** Other names of the same image (its tags), so a block list entry matches whichever was used. */
  imageAliases: z.array(z.string()).default([]),
  /** The image's ID (sha256:…) when known. */
  imageId: z.string().nullable().default(null),
  privileged: z.boolean().default(false),
  /** Capability names as given (SYS_ADMIN, CAP_SYS_ADMIN, ALL); the checks normalise them. */
  capAdd: z.array(z.string()).default([]),
  capDrop: z.array(z.string()).default([]),
  securityOpt: z
    .object({
      /** null: the runtime's default profile; 'unconfined'; otherwise a profile name or 'custom'. */
      seccomp: z.string().nullable().default(null),
      noNewPrivileges: z.boolean().default(false),
      /** null: the runtime's default profile; 'unconfined' or a profile name. */
      apparmor: z.string().nullable().default(null),
    })
    .default({ seccomp: null, noNewPrivileges: false, apparmor: null }),
  mounts: z.array(containerMountSchema).default([]),
  hostPid: z.boolean().default(false),
  hostIpc: z.boolean().default(false),
  hostNetwork: z.boolean().default(false),
  /** The user the process runs as ('' = the image's default, usually root). */
  user: z.string().default(''),
});
export type ContainerStartSpec = z.infer<typeof containerStartSpecSchema>;
export type ContainerStartSpecInput = z.input<typeof containerStartSpecSchema>;
