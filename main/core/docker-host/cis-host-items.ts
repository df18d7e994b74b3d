// The CIS Docker Benchmark v1.6.0 items of §2 (daemon configuration), §3 (daemon files) and
// 4.5 (content trust) that Vigil can evaluate without root, with the severity of a failure.
import type { CisItem } from '../../../shared/checks/check-result';
import { CIS_DOCKER } from '../../../shared/checks/cis-docker';
import type { Severity } from '../../../shared/model/severity';

export interface HostItem {
  id: string;
  title: string;
  cis: CisItem;
  severity: Severity;
}

function item(id: string, cis: string, cisTitle: string, title: string, severity: Severity): HostItem {
  return { id, title, cis: { benchmark: CIS_DOCKER, item: cis, title: cisTitle }, severity };
}

export const hostItems = {
  rootless: item('daemon-rootless', '2.1', 'Run the Docker daemon as a non-root user, if possible', 'Daemon runs rootless', 'low'),
  icc: item('daemon-icc', '2.2', 'Ensure network traffic is restricted between containers on the default bridge', 'Traffic between containers on the default bridge', 'medium'),
  logLevel: item('daemon-log-level', '2.3', "Ensure the logging level is set to 'info'", "Log level is 'info'", 'low'),
  iptables: item('daemon-iptables', '2.4', 'Ensure Docker is allowed to make changes to iptables', 'Docker manages iptables', 'medium'),
  insecureRegistries: item('daemon-insecure-registries', '2.5', 'Ensure insecure registries are not used', 'No insecure registries', 'high'),
  aufs: item('daemon-aufs', '2.6', 'Ensure aufs storage driver is not used', 'Storage driver is not aufs', 'low'),
  tls: item('daemon-tls', '2.7', 'Ensure TLS authentication for Docker daemon is configured', 'TCP socket requires TLS client certificates', 'critical'),
  userns: item('daemon-userns', '2.9', 'Enable user namespace support', 'User namespace remapping', 'medium'),
  authorization: item('daemon-authorization', '2.12', 'Ensure that authorization for Docker client commands is enabled', 'Authorization plugin', 'low'),
  remoteLogging: item('daemon-remote-logging', '2.13', 'Ensure centralized and remote logging is configured', 'Centralized logging driver', 'low'),
  noNewPrivileges: item('daemon-no-new-privileges', '2.14', 'Ensure containers are restricted from acquiring new privileges', 'no-new-privileges by default', 'medium'),
  liveRestore: item('daemon-live-restore', '2.15', 'Ensure live restore is enabled', 'Live restore', 'low'),
  userlandProxy: item('daemon-userland-proxy', '2.16', 'Ensure Userland Proxy is Disabled', 'Userland proxy disabled', 'low'),
  seccomp: item('daemon-seccomp', '2.17', 'Ensure that a daemon-wide custom seccomp profile is applied if appropriate', 'Daemon-wide seccomp profile', 'medium'),
  experimental: item('daemon-experimental', '2.18', 'Ensure that experimental features are not implemented in production', 'Experimental features off', 'low'),
  serviceOwner: item('file-docker-service-owner', '3.1', 'Ensure that the docker.service file ownership is set to root:root', 'docker.service owned by root:root', 'medium'),
  serviceMode: item('file-docker-service-mode', '3.2', 'Ensure that docker.service file permissions are appropriately set', 'docker.service mode 644 or stricter', 'medium'),
  socketUnitOwner: item('file-docker-socket-unit-owner', '3.3', 'Ensure that docker.socket file ownership is set to root:root', 'docker.socket unit owned by root:root', 'medium'),
  socketUnitMode: item('file-docker-socket-unit-mode', '3.4', 'Ensure that docker.socket file permissions are set to 644 or more restrictive', 'docker.socket unit mode 644 or stricter', 'medium'),
  etcDockerOwner: item('file-etc-docker-owner', '3.5', 'Ensure that the /etc/docker directory ownership is set to root:root', '/etc/docker owned by root:root', 'medium'),
  etcDockerMode: item('file-etc-docker-mode', '3.6', 'Ensure that /etc/docker directory permissions are set to 755 or more restrictively', '/etc/docker mode 755 or stricter', 'medium'),
  socketOwner: item('file-socket-owner', '3.15', 'Ensure that the Docker socket file ownership is set to root:docker', 'Docker socket owned by root:docker', 'high'),
  socketMode: item('file-socket-mode', '3.16', 'Ensure that the Docker socket file permissions are set to 660 or more restrictively', 'Docker socket mode 660 or stricter', 'high'),
  daemonJsonOwner: item('file-daemon-json-owner', '3.17', 'Ensure that the daemon.json file ownership is set to root:root', 'daemon.json owned by root:root', 'medium'),
  daemonJsonMode: item('file-daemon-json-mode', '3.18', 'Ensure that daemon.json file permissions are set to 644 or more restrictive', 'daemon.json mode 644 or stricter', 'medium'),
  defaultDockerOwner: item('file-default-docker-owner', '3.19', 'Ensure that the /etc/default/docker file ownership is set to root:root', '/etc/default/docker owned by root:root', 'medium'),
  defaultDockerMode: item('file-default-docker-mode', '3.20', 'Ensure that the /etc/default/docker file permissions are set to 644 or more restrictively', '/etc/default/docker mode 644 or stricter', 'medium'),
  contentTrust: item('client-content-trust', '4.5', 'Ensure Content trust for Docker is Enabled', 'Docker Content Trust', 'low'),
} as const;
