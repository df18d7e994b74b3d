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
  /**
   * Layers handed to the EarlyLayerReader while opening (sources read in their own order only):
   * entry name → diffID, hashed as they passed. A layer here need not be read again.
   */
  earlyLayers?: ReadonlyMap<string, string>;
  close(): Promise<void>;
}

/**
 * For a source that can only be read in its own order and says what it holds last (a compressed
 * docker-save archive: its manifest follows the layers), layers are read as they stream past
 * while the image is opened, before it is known which they are: so the file is read once.
 */
export interface EarlyLayerReader {
  /**
   * Read one layer's uncompressed tar to its end. `name` is its entry in the archive; which layer
   * it is (its diffID) is in OpenedImage.earlyLayers once the image is open.
   */
  read(name: string, tar: Readable): Promise<void>;
  /**
   * Whether to read the layer stored as `name`; `diffId` is what its name says it is (an
   * uncompressed OCI blob's digest), or null. False for a layer that need not be read (cached).
   */
  wants?(name: string, diffId: string | null): boolean;
  /** Stored bytes read so far, of the whole file. */
  progress?(done: number, total: number): void;
}
