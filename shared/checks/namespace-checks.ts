// 容器命名空间: the host's PID, IPC or network namespace shared with a container.
import type { Severity } from '../model/severity';
import type { ContainerCheckResult } from './check-result';
import { cisDocker } from './cis-docker';
import { containerAlerts } from './container-alerts';
import type { ContainerStartSpec } from './container-start-spec';

interface NamespaceCheck {
  id: ContainerCheckResult['id'];
  title: string;
  cis: ContainerCheckResult['cis'];
  severity: Severity;
  shared: (spec: ContainerStartSpec) => boolean;
  /** Evidence when shared (why it matters), and when the container has its own. */
  failed: string;
  passed: string;
}

function namespaceCheck(check: NamespaceCheck): (spec: ContainerStartSpec) => ContainerCheckResult {
  return (spec) => {
    const shared = check.shared(spec);
    return {
      id: check.id,
      title: check.title,
      alert: containerAlerts.namespaces,
      cis: check.cis,
      severity: check.severity,
      status: shared ? 'failed' : 'passed',
      evidence: [shared ? check.failed : check.passed],
    };
  };
}

export const checkHostPid = namespaceCheck({
  id: 'host-pid',
  title: "Host's PID namespace shared",
  cis: cisDocker.hostPid,
  severity: 'high',
  shared: (spec) => spec.hostPid,
  failed: 'pid: host — sees and signals every host process; with ptrace or /proc/<pid>/root, reaches into them',
  passed: 'pid: own namespace',
});

export const checkHostIpc = namespaceCheck({
  id: 'host-ipc',
  title: "Host's IPC namespace shared",
  cis: cisDocker.hostIpc,
  severity: 'medium',
  shared: (spec) => spec.hostIpc,
  failed: "ipc: host — reads and writes the host's shared memory and message queues",
  passed: 'ipc: own namespace',
});

export const checkHostNetwork = namespaceCheck({
  id: 'host-network',
  title: "Host's network namespace shared",
  cis: cisDocker.hostNetwork,
  severity: 'high',
  shared: (spec) => spec.hostNetwork,
  failed: "network: host — reaches services bound to the host's localhost and sees every interface",
  passed: 'network: own namespace',
});
