// The image baseline check (SPEC §1 基线检查): per-file analyzers for the layer walker, and the
// evaluation of every catalogue item once the image is merged.
export { BASELINE_CATALOGUE, ITEM, baselineItem, type BaselineItemId } from './catalogue';
export { baselineAnalyzers } from './baseline-analyzers';
export { evaluateBaseline, type BaselineInput, type LocatedBaselineHit } from './evaluate-baseline';
