// The baseline result of an image: every catalogue item of the requested scanners, with its
// status and evidence. Config and history items are read from the image config, file-mode items
// from the final file list, and content items from the analyzers' evidence (already limited by
// the pipeline to files that survive in the final image).
import type { BaselineEvidence, BaselineItem, BaselineResult, BaselineScanner } from '../../../shared/model/baseline';
import type { ImageFile } from '../../../shared/model/image';
import type { BaselineHit } from '../images/analyzers/analyzer';
import type { ImageConfig } from '../images/sources/image-source';
import { BASELINE_CATALOGUE, ITEM } from './catalogue';
import { checkHealthcheck, checkUserRoot } from './checks/config-checks';
import { checkEnvSecrets, checkLabelSecrets } from './checks/config-secrets';
import { checkAddRemote, checkLatestTag, checkUpdateAlone } from './checks/history-checks';
import { checkHistorySecrets } from './checks/history-secrets';
import type { ItemCheck } from './checks/item-check';
import { checkPackageCaches } from './checks/package-caches';
import { checkSetuidFiles } from './checks/setuid-files';
import { checkUnneededTools } from './checks/unneeded-tools';
import { checkWorldWritable } from './checks/world-writable';
import { hitKind } from './hit-kind';
import { PASSWD_PATH } from './analyzers/passwd-analyzer';
import { SHADOW_PATH } from './analyzers/shadow-analyzer';

export type LocatedBaselineHit = BaselineHit & { path: string; layerIndex: number; layerDiffId: string };

export interface BaselineInput {
  config: ImageConfig;
  repoTags: string[];
  files: ImageFile[];
  hits: LocatedBaselineHit[];
  scanners: BaselineScanner[];
}

/** Items whose evidence comes from file content, and the file that must exist for them to be evaluated at all. */
const CONTENT_ITEMS: Readonly<Record<string, { needs?: string; missing?: string }>> = {
  [ITEM.shadowEmpty]: { needs: SHADOW_PATH, missing: 'no /etc/shadow in the image' },
  [ITEM.shadowWeak]: { needs: SHADOW_PATH, missing: 'no /etc/shadow in the image' },
  [ITEM.uid0]: { needs: PASSWD_PATH, missing: 'no /etc/passwd in the image' },
  [ITEM.duplicateUid]: { needs: PASSWD_PATH, missing: 'no /etc/passwd in the image' },
  // No sshd_config: no sshd to misconfigure, so these pass.
  [ITEM.sshRootLogin]: {},
  [ITEM.sshPasswordAuth]: {},
  [ITEM.secretPrivateKey]: {},
  [ITEM.secretCloudKey]: {},
  [ITEM.secretToken]: {},
  [ITEM.secretPasswordFile]: {},
};

export function evaluateBaseline(input: BaselineInput): BaselineResult[] {
  const { config, repoTags, files, scanners } = input;
  const paths = new Set(files.map((f) => f.path));
  const failing = new Map<string, BaselineEvidence[]>();
  const unchecked = new Map<string, BaselineEvidence[]>();
  for (const hit of input.hits) {
    const { itemId, notEvaluated } = hitKind(hit.itemId);
    const into = notEvaluated ? unchecked : failing;
    const evidence: BaselineEvidence = { detail: hit.detail, path: hit.path, layerIndex: hit.layerIndex, layerDiffId: hit.layerDiffId };
    const list = into.get(itemId);
    if (list) list.push(evidence);
    else into.set(itemId, [evidence]);
  }

  const imageChecks: Readonly<Record<string, () => ItemCheck>> = {
    [ITEM.userRoot]: () => checkUserRoot(config),
    [ITEM.healthcheck]: () => checkHealthcheck(config),
    [ITEM.secretEnv]: () => checkEnvSecrets(config),
    [ITEM.secretLabel]: () => checkLabelSecrets(config),
    [ITEM.secretHistory]: () => checkHistorySecrets(config),
    [ITEM.suid]: () => checkSetuidFiles(files),
    [ITEM.worldWritable]: () => checkWorldWritable(files),
    [ITEM.packageCache]: () => checkPackageCaches(files),
    [ITEM.unneededTools]: () => checkUnneededTools(files),
    [ITEM.addRemote]: () => checkAddRemote(config),
    [ITEM.latestTag]: () => checkLatestTag(config, repoTags),
    [ITEM.updateAlone]: () => checkUpdateAlone(config),
  };

  const contentCheck = (item: BaselineItem): ItemCheck => {
    const failed = failing.get(item.id) ?? [];
    const notChecked = unchecked.get(item.id) ?? [];
    const rule = CONTENT_ITEMS[item.id] ?? {};
    if (failed.length > 0) return notChecked.length > 0 ? { evidence: failed, notEvaluated: partly(notChecked) } : { evidence: failed };
    if (notChecked.length > 0) return { evidence: notChecked, notEvaluated: partly(notChecked) };
    if (rule.needs && !paths.has(rule.needs)) return { evidence: [], notEvaluated: rule.missing ?? `no /${rule.needs} in the image` };
    return { evidence: [] };
  };

  return BASELINE_CATALOGUE.filter((item) => scanners.includes(item.scanner)).map((item) => {
    const check = imageChecks[item.id]?.() ?? contentCheck(item);
    return toResult(item, check, failing.has(item.id));
  });
}

function partly(notChecked: readonly BaselineEvidence[]): string {
  return `${notChecked.length} entr${notChecked.length === 1 ? 'y' : 'ies'} could not be checked: ${notChecked.map((e) => e.detail).join('; ')}`;
}

function toResult(item: BaselineItem, check: ItemCheck, hasFailures: boolean): BaselineResult {
  const failed = check.notEvaluated === undefined ? check.evidence.length > 0 : hasFailures;
  if (failed) return { ...item, status: 'failed', reason: check.notEvaluated ?? null, evidence: check.evidence };
  if (check.notEvaluated !== undefined) return { ...item, status: 'not-evaluated', reason: check.notEvaluated, evidence: check.evidence };
  return { ...item, status: 'passed', reason: null, evidence: [] };
}
