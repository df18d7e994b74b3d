// The engine's /images/json and /containers/json rows → the model's LocalImage and LocalContainer.
// Written against what engines really send: untagged images as [] / null / ["<none>:<none>"],
// digests as "<none>@<none>", ports without IP or public port, names with a leading slash.
import type { LocalContainer, LocalImage } from '../../../shared/model/docker';

export interface ImageSummary {
  Id: string;
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  Created: number;
  Size: number;
  Containers?: number;
}

export interface ContainerSummary {
  Id: string;
  Names?: string[] | null;
  Image?: string;
  ImageID?: string;
  Command?: string;
  Created: number;
  State?: string;
  Status?: string;
  Ports?: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type?: string }> | null;
}

function isoFromSeconds(seconds: number): string {
  return Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000).toISOString() : new Date(0).toISOString();
}

export function toLocalImage(image: ImageSummary, containerCounts?: ReadonlyMap<string, number>): LocalImage {
  const repoTags = (image.RepoTags ?? []).filter((t) => t && t !== '<none>:<none>');
  const repoDigests = (image.RepoDigests ?? []).filter((d) => d && d !== '<none>@<none>');
  const counted = containerCounts?.get(image.Id);
  const reported = typeof image.Containers === 'number' && image.Containers >= 0 ? image.Containers : 0;
  return {
    id: image.Id,
    repoTags,
    repoDigests,
    size: Math.max(0, image.Size ?? 0),
    created: isoFromSeconds(image.Created),
    containers: containerCounts ? (counted ?? 0) : reported,
  };
}

export function toLocalContainer(container: ContainerSummary): LocalContainer {
  const name = container.Names?.[0] ?? '';
  return {
    id: container.Id,
    name: name.replace(/^\//, ''),
    image: container.Image ?? '',
    imageId: container.ImageID ?? '',
    command: container.Command ?? '',
    state: container.State ?? '',
    status: container.Status ?? '',
    created: isoFromSeconds(container.Created),
    ports: (container.Ports ?? []).map((p) => ({
      privatePort: p.PrivatePort,
      publicPort: p.PublicPort ? p.PublicPort : null,
      ip: p.IP ? p.IP : null,
      type: p.Type ?? 'tcp',
    })),
  };
}
