// Open whatever the user asked to scan: an image in the local engine, a docker-save or OCI
// archive, an OCI layout directory, or an image in a registry.
import type Dockerode from 'dockerode';
import { RpcError } from '../../../../shared/contracts/errors';
import type { ImageSpec } from '../../../../shared/model/image';
import type { ArchiveLimits } from '../layers/archive-limits';
import { throwIfAborted } from '../layers/layer-decode';
import { openArchive } from './docker-archive';
import { openEngineImage } from './engine-image';
import type { EarlyLayerReader, OpenedImage } from './image-source';
import { openOciLayoutDirectory } from './oci-layout';
import { openRegistryImage } from './registry/registry-image';
import type { RegistryOptions } from './registry/registry-client';

export type { RegistryOptions } from './registry/registry-client';

export interface OpenImageOptions {
  /** The engine's client (DockerService.api()); only called for kind 'docker'. */
  docker?: (() => Dockerode) | undefined;
  registry?: RegistryOptions | undefined;
  signal?: AbortSignal | undefined;
  limits?: Partial<ArchiveLimits> | undefined;
  /** Sources read in their own order (compressed archives) hand their layers here while opening. */
  early?: EarlyLayerReader | undefined;
}

export async function openImage(spec: ImageSpec, options: OpenImageOptions = {}): Promise<OpenedImage> {
  throwIfAborted(options.signal);
  const { signal, limits } = options;
  switch (spec.kind) {
    case 'docker': {
      if (!options.docker) throw new RpcError('unavailable', 'No container engine is connected');
      return openEngineImage(spec.ref, options.docker(), { limits, signal });
    }
    case 'archive':
      return openArchive(spec.path, { platform: spec.platform, limits, signal, early: options.early });
    case 'oci':
      return openOciLayoutDirectory(spec.path, { platform: spec.platform, limits, early: options.early });
    case 'registry':
      return openRegistryImage(spec.ref, options.registry, { platform: spec.platform, limits, signal });
    default: {
      const never: never = spec;
      throw new RpcError('invalid_input', `Unknown image source ${JSON.stringify(never)}`);
    }
  }
}
