// Evidence about a file of the final image, attributed to the layer that last wrote it.
import type { BaselineEvidence } from '../../../../shared/model/baseline';
import type { ImageFile } from '../../../../shared/model/image';

export function fileEvidence(file: ImageFile, detail: string): BaselineEvidence {
  return { detail, path: file.path, layerIndex: file.layerIndex, layerDiffId: file.layerDiffId };
}

/** '4755' for display. */
export const octalMode = (mode: number): string => (mode & 0o7777).toString(8).padStart(4, '0');

export const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
