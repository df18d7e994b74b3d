// Evidence from a file either fails an item or says part of it could not be checked (a yescrypt
// hash, an account beyond the cap). BaselineHit has only itemId and detail, so the second kind
// carries a suffix on the id; evaluateBaseline reads it back.
import type { BaselineHit } from '../images/analyzers/analyzer';

const NOT_EVALUATED = '#not-evaluated';

export function failedHit(itemId: string, detail: string): BaselineHit {
  return { itemId, detail };
}

export function notEvaluatedHit(itemId: string, detail: string): BaselineHit {
  return { itemId: `${itemId}${NOT_EVALUATED}`, detail };
}

/** The item a hit is about, and whether it fails the item or only marks it not evaluated. */
export function hitKind(hitItemId: string): { itemId: string; notEvaluated: boolean } {
  return hitItemId.endsWith(NOT_EVALUATED) ? { itemId: hitItemId.slice(0, -NOT_EVALUATED.length), notEvaluated: true } : { itemId: hitItemId, notEvaluated: false };
}
