// Items read from the image history. The history keeps the instruction behind each step, but
// not everything: the classic builder writes "ADD file:<hash> in /dst" (no URL), no builder
// records the FROM line, and squashed or imported images have no history at all.
import type { ImageConfig } from '../../images/sources/image-source';
import { capEvidence, imageEvidence, passed, type ItemCheck } from './item-check';
import { clip, historyEvidence, historyLines, runCommand } from './history-lines';

const NO_HISTORY = 'the image has no build history';

const ADD_REMOTE = /(?:^|#\(nop\)\s+|\s)ADD\s+(?:--\S+\s+)*(https?:\/\/\S+)/i;

export function checkAddRemote(config: ImageConfig): ItemCheck {
  const lines = historyLines(config);
  if (lines.length === 0) return { evidence: [], notEvaluated: NO_HISTORY };
  const evidence = [];
  for (const line of lines) {
    const m = ADD_REMOTE.exec(line.createdBy);
    // Credentials in the URL (https://user:pass@host) are the secrets item's business: drop them here.
    if (m) evidence.push(historyEvidence(line, `ADD ${m[1]!.replace(/\/\/[^/@\s]*@/, '//')}`));
  }
  return { evidence };
}

const LATEST_FROM = /--from=(\S+:latest)(?=\s|$)/;

export function checkLatestTag(config: ImageConfig, repoTags: readonly string[]): ItemCheck {
  const lines = historyLines(config);
  if (lines.length === 0 && repoTags.length === 0) return { evidence: [], notEvaluated: 'the image has no tags and no build history' };
  const evidence = repoTags.filter((t) => /:latest$/.test(t)).map((t) => imageEvidence(`the image is tagged ${t}`));
  for (const line of lines) {
    const m = LATEST_FROM.exec(line.createdBy);
    if (m) evidence.push(historyEvidence(line, `a build step copies from ${m[1]}: ${clip(line.createdBy.replace(/\s*# buildkit\s*$/, ''))}`));
  }
  return { evidence };
}

// One RUN step that refreshes the package index but installs nothing.
const UPDATES: readonly { update: RegExp; install: RegExp }[] = [
  { update: /\bapt(?:-get)?\s+(?:-\S+\s+)*update\b/, install: /\bapt(?:-get)?\s+(?:-\S+\s+)*(?:install|upgrade|dist-upgrade|full-upgrade)\b/ },
  { update: /\bapk\s+(?:-\S+\s+)*update\b/, install: /\bapk\s+(?:-\S+\s+)*(?:add|upgrade)\b/ },
  { update: /\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*(?:makecache|check-update)\b/, install: /\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*(?:install|update|upgrade)\b/ },
  { update: /\bzypper\s+(?:-\S+\s+)*(?:refresh|ref)\b/, install: /\bzypper\s+(?:-\S+\s+)*(?:install|in|update|up)\b/ },
];

export function checkUpdateAlone(config: ImageConfig): ItemCheck {
  const lines = historyLines(config);
  if (lines.length === 0) return { evidence: [], notEvaluated: NO_HISTORY };
  const evidence = [];
  for (const line of lines) {
    const cmd = runCommand(line.createdBy);
    if (/#\(nop\)/.test(cmd)) continue;
    if (UPDATES.some((u) => u.update.test(cmd) && !u.install.test(cmd))) evidence.push(historyEvidence(line, `RUN ${clip(cmd)}`));
  }
  return evidence.length > 0 ? { evidence: capEvidence(evidence, 10, 'steps') } : passed();
}
