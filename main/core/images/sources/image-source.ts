// An opened image, whatever it came from: its config, its layers, and a way to read them.
import type { Readable } from 'node:stream';
import type { LayerInfo } from '../../../../shared/model/image';

/** The parts of the OCI/Docker image config Vigil uses (the whole config is kept as `raw`). */
export interface ImageConfig {
  os: string | null;
  architecture: string | null;
  variant: string | null;
  created: string | null;
  user: string | null;
  env: string[];
  labels: Record<string, string>;
  entrypoint: string[] | null;
  cmd: string[] | null;
  exposedPorts: string[];
  healthcheck: { test: string[] } | null;
  history: { created: string | null; createdBy: string | null; emptyLayer: boolean; comment: string | null }[];
  diffIds: string[];
  raw: unknown;
}

export interface OpenedImage {
  /** The config digest ('sha256:…'): the image ID. */
  id: string;
  /** What the user asked for, as shown in the UI. */
  name: string;
  repoTags: string[];
  repoDigests: string[];
  config: ImageConfig;
  layers: LayerInfo[];
  /** The platform chosen from a multi-arch index, e.g. 'linux/amd64'. */
  platform: string | null;
  /**
   * Stream the uncompressed tar of each wanted layer (by diffID) to `onLayer`, each exactly once.
   * Order is the source's (a docker-save stream dictates its own order); layers not wanted are
   * skipped without being decompressed where the source allows. The tar stream must be fully
   * consumed (or destroyed) before onLayer's promise settles.
   */
  readLayers(wanted: ReadonlySet<string>, onLayer: (layer: LayerInfo, tar: Readable) => Promise<void>, signal?: AbortSignal): Promise<void>;
  close(): Promise<void>;
}
