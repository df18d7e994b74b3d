// /etc/passwd: accounts other than root with UID 0, UIDs shared by several accounts, and empty
// password fields (a passwd entry with no 'x' and no hash logs in without a password).
import type { Analyzer, AnalyzerOutput, BaselineHit, EntryFacts } from '../../images/analyzers/analyzer';
import { ITEM } from '../catalogue';
import { failedHit } from '../hit-kind';

export const PASSWD_PATH = 'etc/passwd';

export interface PasswdEntry {
  account: string;
  password: string;
  uid: number;
  line: number;
}

export function parsePasswd(text: string): PasswdEntry[] {
  const out: PasswdEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || /^[#+-]/.test(line)) return;
    const fields = line.split(':');
    if (fields.length < 4 || fields[0] === '' || !/^\d+$/.test(fields[2]!)) return;
    out.push({ account: fields[0]!, password: fields[1]!, uid: Number(fields[2]), line: i + 1 });
  });
  return out;
}

export function passwdHits(text: string): BaselineHit[] {
  const entries = parsePasswd(text);
  const hits: BaselineHit[] = [];
  const byUid = new Map<number, PasswdEntry[]>();
  for (const e of entries) {
    if (e.uid === 0 && e.account !== 'root') hits.push(failedHit(ITEM.uid0, `line ${e.line}: account ${e.account} has UID 0`));
    if (e.password === '') hits.push(failedHit(ITEM.shadowEmpty, `line ${e.line}: account ${e.account} has an empty password field in /etc/passwd`));
    const list = byUid.get(e.uid);
    if (list) list.push(e);
    else byUid.set(e.uid, [e]);
  }
  for (const [uid, list] of byUid) {
    // UID 0 sharing is the UID 0 item's evidence already.
    if (uid === 0 || list.length < 2) continue;
    hits.push(failedHit(ITEM.duplicateUid, `UID ${uid} is shared by ${list.map((e) => `${e.account} (line ${e.line})`).join(', ')}`));
  }
  return hits;
}

export const passwdAnalyzer: Analyzer = {
  id: 'baseline-passwd',
  version: 1,
  role: 'baseline',
  maxBytes: 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return entry.path === PASSWD_PATH;
  },
  analyze(_entry: EntryFacts, content: Buffer): AnalyzerOutput {
    const hits = passwdHits(content.toString('utf8'));
    return hits.length > 0 ? { baseline: hits } : {};
  },
};
