// 容器命名空间: the host's PID, IPC or network namespace shared with a container.
import type { ContainerCheckResult } from './check-result';
import { cisDocker } from './cis-docker';
import { containerAlerts } from './container-alerts';
import type { ContainerStartSpec } from './container-start-spec';

const alert = containerAlerts.namespaces;

export function checkHostPid(spec: ContainerStartSpec): ContainerCheckResult {
  return {
    id: 'host-pid',
    title: "Host's PID namespace shared",
    alert,
    cis: cisDocker.hostPid,
    severity: 'high',
    status: spec.hostPid ? 'failed' : 'passed',
    evidence: [spec.hostPid ? 'pid: host — sees and signals every host process; with ptrace or /proc/<pid>/root, reaches into them' : 'pid: own namespace'],
  };
}

export function checkHostIpc(spec: ContainerStartSpec): ContainerCheckResult {
  return {
    id: 'host-ipc',
    title: "Host's IPC namespace shared",
    alert,
    cis: cisDocker.hostIpc,
    severity: 'medium',
    status: spec.hostIpc ? 'failed' : 'passed',
    evidence: [spec.hostIpc ? "ipc: host — reads and writes the host's shared memory and message queues" : 'ipc: own namespace'],
  };
}

export function checkHostNetwork(spec: ContainerStartSpec): ContainerCheckResult {
  return {
    id: 'host-network',
    title: "Host's network namespace shared",
    alert,
    cis: cisDocker.hostNetwork,
    severity: 'high',
    status: spec.hostNetwork ? 'failed' : 'passed',
    evidence: [spec.hostNetwork ? "network: host — reaches services bound to the host's localhost and sees every interface" : 'network: own namespace'],
  };
}
