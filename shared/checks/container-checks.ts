// Every container environment check over one container-start description, in a fixed order.
import { checkImageBlockList } from './image-block-check';
import type { ContainerCheckResult } from './check-result';
import type { ContainerCheckSettings } from './check-settings';
import type { ContainerStartSpec } from './container-start-spec';
import { checkHostMounts, checkRuntimeSocket } from './mount-checks';
import { checkHostIpc, checkHostNetwork, checkHostPid } from './namespace-checks';
import { checkCapabilities, checkNoNewPrivileges, checkPrivileged, checkSeccomp } from './security-option-checks';
import { severityRank, type Severity } from '../model/severity';

export function runContainerChecks(spec: ContainerStartSpec, settings: Partial<ContainerCheckSettings> = {}): ContainerCheckResult[] {
  return [
    checkPrivileged(spec),
    checkCapabilities(spec),
    checkSeccomp(spec),
    checkNoNewPrivileges(spec),
    checkHostMounts(spec, settings.safeMounts ?? []),
    checkRuntimeSocket(spec),
    checkHostPid(spec),
    checkHostIpc(spec),
    checkHostNetwork(spec),
    checkImageBlockList(spec, settings.blockedImages ?? []),
  ];
}

/** How many failed, and the worst severity among them (null when none failed). */
export function summariseChecks(results: readonly ContainerCheckResult[]): { failed: number; worst: Severity | null } {
  let worst: Severity | null = null;
  let failed = 0;
  for (const r of results) {
    if (r.status !== 'failed') continue;
    failed += 1;
    if (worst === null || severityRank(r.severity) > severityRank(worst)) worst = r.severity;
  }
  return { failed, worst };
}
