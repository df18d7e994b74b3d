// sshd_config and its drop-ins (etc/ssh/sshd_config.d/*.conf): PermitRootLogin yes and
// PasswordAuthentication yes. sshd keeps the first value it reads for a keyword, so within a
// file's global section only the first setting counts; settings inside Match blocks are
// reported with their condition. Files are read one at a time: an Include that overrides a
// value from another file is not followed. Absent keywords are not reported (OpenSSH's own
// defaults: PermitRootLogin prohibit-password, PasswordAuthentication yes).
import type { Analyzer, AnalyzerOutput, BaselineHit, EntryFacts } from '../../images/analyzers/analyzer';
import { ITEM } from '../catalogue';
import { failedHit } from '../hit-kind';

const WATCHED: Record<string, { itemId: string; bad: (value: string) => boolean }> = {
  permitrootlogin: { itemId: ITEM.sshRootLogin, bad: (v) => v === 'yes' },
  passwordauthentication: { itemId: ITEM.sshPasswordAuth, bad: (v) => v === 'yes' },
};

export function isSshdConfigPath(path: string): boolean {
  return path === 'etc/ssh/sshd_config' || /^etc\/ssh\/sshd_config\.d\/[^/]+\.conf$/.test(path);
}

export function sshdConfigHits(text: string): BaselineHit[] {
  const hits: BaselineHit[] = [];
  const seenGlobal = new Set<string>();
  let match: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) return;
    const m = /^(\S+?)(?:\s*=\s*|\s+)(.*)$/.exec(line);
    if (!m) return;
    const keyword = m[1]!.toLowerCase();
    const value = m[2]!.replace(/\s+#.*$/, '').trim().replace(/^"(.*)"$/, '$1').toLowerCase();
    if (keyword === 'match') {
      match = value === 'all' ? null : m[2]!.trim();
      return;
    }
    const watched = WATCHED[keyword];
    if (!watched) return;
    if (match === null) {
      if (seenGlobal.has(keyword)) return;
      seenGlobal.add(keyword);
    }
    if (watched.bad(value)) hits.push(failedHit(watched.itemId, `line ${i + 1}: ${m[1]} ${value}${match === null ? '' : ` (in Match ${match})`}`));
  });
  return hits;
}

export const sshdConfigAnalyzer: Analyzer = {
  id: 'baseline-sshd-config',
  version: 1,
  role: 'baseline',
  maxBytes: 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return isSshdConfigPath(entry.path);
  },
  analyze(_entry: EntryFacts, content: Buffer): AnalyzerOutput {
    const hits = sshdConfigHits(content.toString('utf8'));
    return hits.length > 0 ? { baseline: hits } : {};
  },
};
