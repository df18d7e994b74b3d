// What one image-level check returns for its item: failing evidence, or why it could not be
// evaluated. evaluateBaseline adds the item's catalogue text and the status.
import type { BaselineEvidence } from '../../../../shared/model/baseline';

export interface ItemCheck {
  evidence: BaselineEvidence[];
  /** Set when the check could not run (no history, no tags …); evidence is then empty. */
  notEvaluated?: string;
}

export const passed = (): ItemCheck => ({ evidence: [] });

export const imageEvidence = (detail: string): BaselineEvidence => ({ detail, path: null, layerIndex: null, layerDiffId: null });

/** At most `max` evidence entries, the rest summed up in one more, so a noisy image stays readable. */
export function capEvidence(evidence: BaselineEvidence[], max: number, what: string): BaselineEvidence[] {
  if (evidence.length <= max) return evidence;
  return [...evidence.slice(0, max), imageEvidence(`… and ${evidence.length - max} more ${what}`)];
}
