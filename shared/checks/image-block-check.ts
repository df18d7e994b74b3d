// 容器镜像阻断: a container from an image on the user's block list.
import type { ContainerCheckResult } from './check-result';
import { containerAlerts } from './container-alerts';
import type { ContainerStartSpec } from './container-start-spec';
import { matchBlockList, normaliseImageReference } from './image-block-list';

export function checkImageBlockList(spec: ContainerStartSpec, blockedImages: readonly string[] = []): ContainerCheckResult {
  const hit = matchBlockList({ references: [spec.image, ...spec.imageAliases], imageId: spec.imageId }, blockedImages);
  const shown = spec.image.startsWith('sha256:') ? spec.image : normaliseImageReference(spec.image);
  return {
    id: 'image-block-list',
    title: 'Image on the block list',
    alert: containerAlerts.imageBlock,
    // The benchmark has no item for a block list (4.2 "trusted base images" is a manual review).
    cis: null,
    severity: 'high',
    status: hit ? 'failed' : 'passed',
    evidence: hit
      ? [`${hit.reference} matches the block list entry "${hit.entry}"`]
      : [blockedImages.length ? `${shown} matches none of ${blockedImages.length} block list entr${blockedImages.length === 1 ? 'y' : 'ies'}` : 'the block list is empty'],
  };
}
