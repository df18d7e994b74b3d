// Owner and mode of the daemon's files and socket (CIS §3). stat needs no read permission on
// the file itself, so most of these can be evaluated without root.
import fs from 'node:fs';
import type { HostCheckResult } from '../../../shared/checks/host-check';
import type { HostItem } from './cis-host-items';
import { evaluated, notEvaluated } from './host-check';

export interface FileFacts {
  path: string;
  stat: { uid: number; gid: number; mode: number } | null;
  /** Why there is no stat: missing, or not allowed. */
  problem: 'missing' | string | null;
}

export function statFile(candidates: readonly string[]): FileFacts {
  let problem: string | null = 'missing';
  for (const file of candidates) {
    try {
      const s = fs.statSync(file);
      return { path: file, stat: { uid: s.uid, gid: s.gid, mode: s.mode & 0o7777 }, problem: null };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') problem = `needs root to see ${file} (a folder above it is closed to this user)`;
    }
  }
  return { path: candidates[0] ?? '', stat: null, problem };
}

/** Group names from /etc/group (readable by everyone), so evidence says "docker", not 998. */
export function groupNames(groupFile = '/etc/group'): Map<number, string> {
  const names = new Map<number, string>();
  try {
    for (const line of fs.readFileSync(groupFile, 'utf8').split('\n')) {
      const [name, , gid] = line.split(':');
      if (name && gid && /^\d+$/.test(gid)) names.set(Number(gid), name);
    }
  } catch {
    // numeric ids then
  }
  return names;
}

const octal = (mode: number) => mode.toString(8).padStart(3, '0');

function unavailable(item: HostItem, facts: FileFacts, missingMeans: string): HostCheckResult {
  return notEvaluated(item, facts.problem === 'missing' ? `${facts.path} does not exist${missingMeans}` : (facts.problem ?? 'unknown'), `stat ${facts.path}`);
}

export function ownerCheck(item: HostItem, facts: FileFacts, groups: Map<number, string>, want: { user: 'root'; group: string }, missingMeans = ': nothing to check'): HostCheckResult {
  if (!facts.stat) return unavailable(item, facts, missingMeans);
  const group = groups.get(facts.stat.gid) ?? String(facts.stat.gid);
  const user = facts.stat.uid === 0 ? 'root' : String(facts.stat.uid);
  return evaluated(item, user === want.user && group === want.group, [`${facts.path} is owned by ${user}:${group} (want ${want.user}:${want.group})`], `stat ${facts.path}`);
}

export function modeCheck(item: HostItem, facts: FileFacts, allowed: number, missingMeans = ': nothing to check'): HostCheckResult {
  if (!facts.stat) return unavailable(item, facts, missingMeans);
  const extra = facts.stat.mode & ~allowed;
  return evaluated(item, extra === 0, [`${facts.path} has mode ${octal(facts.stat.mode)} (want ${octal(allowed)} or stricter${extra ? `; extra bits ${octal(extra)}` : ''})`], `stat ${facts.path}`);
}
