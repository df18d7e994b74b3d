// Secrets in image files: shaped secrets (keys, tokens) in any text file, password assignments in
// config files, and credential files in their own formats. Evidence is redacted and capped per file.
import type { Analyzer, AnalyzerOutput, BaselineHit, EntryFacts } from '../../images/analyzers/analyzer';
import { failedHit } from '../hit-kind';
import { findConfigPasswords } from '../secrets/config-passwords';
import { credentialFileKind, findCredentialFileSecrets } from '../secrets/credential-files';
import { findShapedSecrets } from '../secrets/secret-rules';
import type { SecretFinding } from '../secrets/secret-finding';
import { isConfigFile, SECRET_SCAN_MAX_BYTES, wantsForSecrets } from '../secrets/secret-paths';

/** More findings of one item in one file are summed up in a last hit. */
const MAX_HITS_PER_ITEM = 10;

export function secretHits(path: string, text: string): BaselineHit[] {
  const kind = credentialFileKind(path);
  const findings: SecretFinding[] = [...findShapedSecrets(text)];
  if (kind) findings.push(...findCredentialFileSecrets(kind, text));
  else if (isConfigFile(path)) findings.push(...findConfigPasswords(text));

  const byItem = new Map<string, SecretFinding[]>();
  for (const f of findings) {
    const list = byItem.get(f.itemId);
    if (list) list.push(f);
    else byItem.set(f.itemId, [f]);
  }
  const hits: BaselineHit[] = [];
  for (const [itemId, list] of byItem) {
    list.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    for (const f of list.slice(0, MAX_HITS_PER_ITEM)) hits.push(failedHit(itemId, f.line === null ? f.detail : `line ${f.line}: ${f.detail}`));
    if (list.length > MAX_HITS_PER_ITEM) hits.push(failedHit(itemId, `… and ${list.length - MAX_HITS_PER_ITEM} more in this file`));
  }
  return hits;
}

export const secretFileAnalyzer: Analyzer = {
  id: 'baseline-secret-files',
  version: 1,
  role: 'baseline',
  maxBytes: SECRET_SCAN_MAX_BYTES,
  wants(entry: EntryFacts, head: Buffer): boolean {
    return wantsForSecrets(entry.path, entry.size, head);
  },
  analyze(entry: EntryFacts, content: Buffer): AnalyzerOutput {
    // A NUL past the head still means binary: skip rather than match noise.
    if (credentialFileKind(entry.path) === null && content.includes(0)) return {};
    const hits = secretHits(entry.path, content.toString('utf8'));
    return hits.length > 0 ? { baseline: hits } : {};
  },
};
