// The image history as lines with the layer each made: a non-empty entry maps to the next
// diffID only when the history has exactly one non-empty entry per layer (as image-config.ts
// layerCreatedBy assumes); otherwise the layer is unknown.
import type { BaselineEvidence } from '../../../../shared/model/baseline';
import type { ImageConfig } from '../../images/sources/image-source';

export interface HistoryLine {
  createdBy: string;
  layerIndex: number | null;
  layerDiffId: string | null;
}

export function historyLines(config: ImageConfig): HistoryLine[] {
  const layered = config.history.filter((h) => !h.emptyLayer).length === config.diffIds.length;
  const out: HistoryLine[] = [];
  let layer = 0;
  for (const h of config.history) {
    const index = !h.emptyLayer && layered ? layer : null;
    if (!h.emptyLayer) layer += 1;
    if (h.createdBy) out.push({ createdBy: h.createdBy, layerIndex: index, layerDiffId: index === null ? null : config.diffIds[index] ?? null });
  }
  return out;
}

export function historyEvidence(line: HistoryLine, detail: string): BaselineEvidence {
  return { detail, path: null, layerIndex: line.layerIndex, layerDiffId: line.layerDiffId };
}

/** The command of a RUN line without the builders' decorations ('/bin/sh -c', '# buildkit', '|2 A=b'). */
export function runCommand(createdBy: string): string {
  return createdBy
    .replace(/\s*# buildkit\s*$/, '')
    .replace(/^RUN\s+/, '')
    .replace(/^\|\d+\s+(?:\S+=\S*\s+)*/, '')
    .replace(/^\/bin\/(?:ba)?sh -c\s+/, '')
    .trim();
}

/** Shorten a command for evidence. */
export function clip(text: string, max = 160): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
