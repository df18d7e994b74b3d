// 容器安全选项: privileged mode, added capabilities, seccomp and no-new-privileges.
import { severityRank, type Severity } from '../model/severity';
import { defaultCapabilities, normaliseCapability, riskyCapabilities } from './capabilities';
import type { ContainerCheckResult } from './check-result';
import { cisDocker } from './cis-docker';
import { containerAlerts } from './container-alerts';
import type { ContainerStartSpec } from './container-start-spec';

const alert = containerAlerts.securityOptions;

export function checkPrivileged(spec: ContainerStartSpec): ContainerCheckResult {
  return {
    id: 'privileged',
    title: 'Privileged container',
    alert,
    cis: cisDocker.privileged,
    severity: 'critical',
    status: spec.privileged ? 'failed' : 'passed',
    evidence: spec.privileged
      ? ['privileged: true — every capability, every host device, no seccomp or AppArmor confinement']
      : ['privileged: false'],
  };
}

export function checkCapabilities(spec: ContainerStartSpec): ContainerCheckResult {
  const dropped = new Set(spec.capDrop.map(normaliseCapability));
  const added = [...new Set(spec.capAdd.map(normaliseCapability))];
  // With ALL added, only what is dropped by name is missing; otherwise a capability from the
  // default set adds nothing.
  const extra = added.filter((cap) => cap === 'ALL' || (!defaultCapabilities.has(cap) && !dropped.has(cap)));
  let severity: Severity = 'low';
  const evidence: string[] = [];
  for (const cap of extra) {
    const risky = riskyCapabilities[cap];
    const capSeverity: Severity = risky?.severity ?? 'low';
    if (severityRank(capSeverity) > severityRank(severity)) severity = capSeverity;
    evidence.push(`${cap === 'ALL' ? 'ALL' : `CAP_${cap}`} added: ${risky?.why ?? "not in Docker's default set"}`);
  }
  if (extra.length === 0) {
    evidence.push(added.length ? `added only capabilities of the default set: ${added.join(', ')}` : 'no capability added');
    if (dropped.size) evidence.push(`dropped: ${[...dropped].join(', ')}`);
  }
  return {
    id: 'capabilities',
    title: 'Excessive capabilities',
    alert,
    cis: cisDocker.capabilities,
    severity: extra.length ? severity : 'high',
    status: extra.length ? 'failed' : 'passed',
    evidence,
  };
}

export function checkSeccomp(spec: ContainerStartSpec): ContainerCheckResult {
  const profile = spec.securityOpt.seccomp;
  const unconfined = profile?.toLowerCase() === 'unconfined';
  return {
    id: 'seccomp',
    title: 'Seccomp profile disabled',
    alert,
    cis: cisDocker.seccomp,
    severity: 'high',
    status: unconfined ? 'failed' : 'passed',
    evidence: [
      unconfined
        ? 'seccomp=unconfined: every system call is allowed (keyctl, bpf, unshare, mount …)'
        : profile
          ? `seccomp profile: ${profile}`
          : "seccomp: the runtime's default profile",
    ],
  };
}

export function checkNoNewPrivileges(spec: ContainerStartSpec): ContainerCheckResult {
  const set = spec.securityOpt.noNewPrivileges;
  return {
    id: 'no-new-privileges',
    title: 'no-new-privileges not set',
    alert,
    cis: cisDocker.noNewPrivileges,
    severity: 'medium',
    status: set ? 'passed' : 'failed',
    evidence: [
      set
        ? 'no-new-privileges: true — setuid binaries cannot raise privileges'
        : 'no-new-privileges: false — setuid/setgid binaries and file capabilities can raise privileges inside the container',
    ],
  };
}
