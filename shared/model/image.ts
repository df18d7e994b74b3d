// Images: where they come from, their layers, and the files in them.
import { z } from 'zod';

export const imageSourceKinds = ['docker', 'archive', 'oci', 'registry'] as const;

/** What the user asked to scan. */
export const imageSpecSchema = z.discriminatedUnion('kind', [
  /** A reference or ID in the local engine (Docker or Podman). */
  z.object({ kind: z.literal('docker'), ref: z.string().min(1) }),
  /** A docker-save tarball (.tar or .tar.gz) or an OCI archive (.tar with index.json). */
  z.object({ kind: z.literal('archive'), path: z.string().min(1), platform: z.string().optional() }),
  /** An OCI image layout directory. */
  z.object({ kind: z.literal('oci'), path: z.string().min(1), platform: z.string().optional() }),
  /** registry.example.com/team/app:tag or @sha256:…, through the Registry HTTP API v2. */
  z.object({ kind: z.literal('registry'), ref: z.string().min(1), platform: z.string().optional() }),
]);
export type ImageSpec = z.infer<typeof imageSpecSchema>;

/** 'docker:alpine:3.20', 'archive:/tmp/app.tar': the subject of a scan task, and a row's key. */
export function imageSpecKey(spec: ImageSpec): string {
  return `${spec.kind}:${spec.kind === 'archive' || spec.kind === 'oci' ? spec.path : spec.ref}`;
}

export const layerInfoSchema = z.object({
  index: z.number().int(),
  /** sha256 of the uncompressed layer tar: the cache key. */
  diffId: z.string(),
  /** The blob digest as stored (compressed), when the source has one. */
  digest: z.string().nullable(),
  size: z.number().nullable(),
  /** The image history line that made this layer (e.g. "RUN apt-get install -y curl"). */
  createdBy: z.string().nullable(),
});
export type LayerInfo = z.infer<typeof layerInfoSchema>;

export const fileRecordSchema = z.object({
  path: z.string(),
  size: z.number(),
  /** Unix mode bits including setuid/setgid/sticky (e.g. 0o104755). */
  mode: z.number().int(),
  uid: z.number().int(),
  gid: z.number().int(),
  sha256: z.string(),
});
export type FileRecord = z.infer<typeof fileRecordSchema>;

export const imageFileSchema = fileRecordSchema.extend({ layerIndex: z.number().int(), layerDiffId: z.string() });
export type ImageFile = z.infer<typeof imageFileSchema>;
