// Secrets in the build history: build arguments the classic builder records in front of RUN
// steps ('|1 NPM_TOKEN=… /bin/sh -c …'), assignments and passwords on the command line
// (FOO_PASSWORD=… ./setup, echo 'root:pw' | chpasswd), and shaped secrets anywhere in a step.
// ENV and LABEL steps are left to the config's own items, which see their final values.
import type { BaselineEvidence } from '../../../../shared/model/baseline';
import type { ImageConfig } from '../../images/sources/image-source';
import { redact } from '../redact';
import { isPlaceholder } from '../secrets/config-passwords';
import { secretInAssignment } from '../secrets/secret-assignment';
import { findShapedSecrets } from '../secrets/secret-rules';
import { historyEvidence, historyLines } from './history-lines';
import { capEvidence, type ItemCheck } from './item-check';

const CONFIG_STEP = /(?:^|#\(nop\)\s+)(?:ENV|LABEL)\s/;
const ASSIGNMENT = /(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|'[^']*'|[^\s;&|)]+)/g;
const CHPASSWD = /echo\s+(?:-e\s+|-n\s+)*["']?([a-z_][a-z0-9_-]*):([^"'\s|]+)["']?\s*\|\s*(?:\/usr\/sbin\/)?chpasswd/g;
const PASSWORD_FLAG = /(?:^|\s)--(?:password|passwd|pass)[=\s]+("[^"]*"|'[^']*'|[^\s;&|]+)/g;

const unquote = (v: string): string => v.replace(/^(["'])(.*)\1$/, '$2');

export function checkHistorySecrets(config: ImageConfig): ItemCheck {
  const lines = historyLines(config);
  if (lines.length === 0) return { evidence: [], notEvaluated: 'the image has no build history' };
  const evidence: BaselineEvidence[] = [];
  for (const line of lines) {
    const text = line.createdBy;
    if (CONFIG_STEP.test(text)) continue;
    const found = new Set<string>();
    for (const m of text.matchAll(ASSIGNMENT)) {
      const hit = secretInAssignment(m[1]!, unquote(m[2]!));
      if (hit) found.add(hit);
    }
    for (const m of text.matchAll(CHPASSWD)) if (!isPlaceholder(m[2]!)) found.add(`password for ${m[1]} set with chpasswd: ${redact(m[2]!)}`);
    for (const m of text.matchAll(PASSWORD_FLAG)) {
      const value = unquote(m[1]!);
      if (!isPlaceholder(value)) found.add(`--password ${redact(value)}`);
    }
    if (found.size === 0) for (const s of findShapedSecrets(text)) found.add(s.detail);
    for (const detail of found) evidence.push(historyEvidence(line, detail));
  }
  return { evidence: capEvidence(evidence, 20, 'secrets in the history') };
}
