// CIS Docker Benchmark v1.6.0 items the checks implement. v1.6.0 added 5.1 (swarm mode), so
// its §5 numbers are one higher than v1.5.0's (privileged containers: 5.4 there, 5.5 here).
import type { CisItem } from './check-result';

export const CIS_DOCKER = 'CIS Docker Benchmark v1.6.0';

function item(id: string, title: string): CisItem {
  return { benchmark: CIS_DOCKER, item: id, title };
}

export const cisDocker = {
  capabilities: item('5.4', 'Ensure that Linux kernel capabilities are restricted within containers'),
  privileged: item('5.5', 'Ensure that privileged containers are not used'),
  sensitiveHostDirs: item('5.6', 'Ensure sensitive host system directories are not mounted on containers'),
  hostNetwork: item('5.10', "Ensure that the host's network namespace is not shared"),
  hostPid: item('5.16', "Ensure that the host's process namespace is not shared"),
  hostIpc: item('5.17', "Ensure that the host's IPC namespace is not shared"),
  seccomp: item('5.22', 'Ensure that the default seccomp profile is not Disabled'),
  noNewPrivileges: item('5.26', 'Ensure that the container is restricted from acquiring additional privileges'),
  dockerSocket: item('5.32', 'Ensure that the Docker socket is not mounted inside any containers'),
} as const;
