// /etc/shadow: accounts with an empty password field, and password hashes that match a common
// password. Locked accounts ('!', '*', '!!', '!$6$…') have no usable password and are skipped.
// Bounded: at most MAX_CHECKED_ACCOUNTS hashes per file are tried (the rest are reported as
// not evaluated), each within a work budget; results are remembered per hash across layers.
import type { Analyzer, AnalyzerOutput, BaselineHit, EntryFacts } from '../../images/analyzers/analyzer';
import { ITEM } from '../catalogue';
import { COMMON_PASSWORDS } from '../common-passwords';
import { identifyCryptHash, schemeLabel } from '../crypt/crypt-scheme';
import { failedHit, notEvaluatedHit } from '../hit-kind';
import { checkWeakPassword, DEFAULT_HASH_BUDGET, type WeakPasswordResult } from '../weak-password';

export const SHADOW_PATH = 'etc/shadow';
// A strong sha512crypt password costs ~20-30 s to clear against the whole list: three accounts
// bound a shadow file to about a minute and a half, paid once per layer (analyses are cached by diffID).
export const MAX_CHECKED_ACCOUNTS = 3;

export interface ShadowEntry {
  account: string;
  password: string;
  line: number;
}

export function parseShadow(text: string): ShadowEntry[] {
  const out: ShadowEntry[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    // NIS compat lines (+user, -user) and comments hold no local password.
    if (line.trim() === '' || /^[#+-]/.test(line)) return;
    const fields = line.split(':');
    if (fields.length < 2 || fields[0] === '') return;
    out.push({ account: fields[0]!, password: fields[1]!, line: i + 1 });
  });
  return out;
}

const isLocked = (password: string): boolean => password.startsWith('!') || password.startsWith('*');

export interface ShadowCheckOptions {
  words?: readonly string[];
  budget?: number;
  maxAccounts?: number;
}

// The same hash shows up in every layer that rewrote the file: check it once per process.
const remembered = new Map<string, WeakPasswordResult>();
const REMEMBER_MAX = 1000;

async function weak(hash: string, account: string, words: readonly string[], budget: number): Promise<WeakPasswordResult> {
  const key = `${words.length}\0${budget}\0${account}\0${hash}`;
  const known = remembered.get(key);
  if (known) return known;
  const result = await checkWeakPassword(hash, { words, budget, account });
  if (remembered.size >= REMEMBER_MAX) remembered.clear();
  remembered.set(key, result);
  return result;
}

export async function shadowHits(text: string, options: ShadowCheckOptions = {}): Promise<BaselineHit[]> {
  const words = options.words ?? COMMON_PASSWORDS;
  const budget = options.budget ?? DEFAULT_HASH_BUDGET;
  const maxAccounts = options.maxAccounts ?? MAX_CHECKED_ACCOUNTS;
  const hits: BaselineHit[] = [];
  let checked = 0;
  for (const { account, password, line } of parseShadow(text)) {
    if (password === '') {
      hits.push(failedHit(ITEM.shadowEmpty, `line ${line}: account ${account} has an empty password field`));
      continue;
    }
    if (isLocked(password)) continue;
    const scheme = identifyCryptHash(password);
    if (!scheme.verifiable) {
      hits.push(notEvaluatedHit(ITEM.shadowWeak, `line ${line}: account ${account} uses ${schemeLabel[scheme.scheme]}, which is not checked`));
      continue;
    }
    if (checked >= maxAccounts) {
      hits.push(notEvaluatedHit(ITEM.shadowWeak, `line ${line}: account ${account} not checked: only the first ${maxAccounts} accounts with a password are`));
      continue;
    }
    checked += 1;
    const result = await weak(password, account, words, budget);
    if (result.status === 'weak') {
      const what = result.rank === 0 ? 'the account name' : `common password #${result.rank} of ${words.length}`;
      hits.push(failedHit(ITEM.shadowWeak, `line ${line}: account ${account}: the ${schemeLabel[scheme.scheme]} hash matches ${what}`));
    } else if (result.status === 'not-evaluated') {
      hits.push(notEvaluatedHit(ITEM.shadowWeak, `line ${line}: account ${account}: ${result.reason}`));
    }
  }
  return hits;
}

export const shadowAnalyzer: Analyzer = {
  id: 'baseline-shadow',
  version: 1,
  role: 'baseline',
  maxBytes: 1024 * 1024,
  wants(entry: EntryFacts): boolean {
    return entry.path === SHADOW_PATH;
  },
  async analyze(_entry: EntryFacts, content: Buffer): Promise<AnalyzerOutput> {
    const hits = await shadowHits(content.toString('utf8'));
    return hits.length > 0 ? { baseline: hits } : {};
  },
};
