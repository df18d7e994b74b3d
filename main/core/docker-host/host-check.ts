// Building one host check result: evaluated (passed or failed, with evidence) or not evaluated
// (with the reason and what would make it possible).
import type { HostCheckResult } from '../../../shared/checks/host-check';
import type { HostItem } from './cis-host-items';

export function evaluated(item: HostItem, passed: boolean, evidence: string[], source: string): HostCheckResult {
  return { ...item, status: passed ? 'evaluated-passed' : 'evaluated-failed', evidence, reason: null, source };
}

export function notEvaluated(item: HostItem, reason: string, source: string): HostCheckResult {
  return { ...item, status: 'not-evaluated', evidence: [], reason, source };
}
