// Daemon checks answered by the engine itself (`docker info`, the default bridge network),
// so they hold for remote engines too.
import type { HostCheckResult } from '../../../shared/checks/host-check';
import { hostItems } from './cis-host-items';
import { evaluated } from './host-check';

/** The fields of GET /info the checks read. */
export interface EngineInfo {
  SecurityOptions?: string[] | null;
  Driver?: string;
  LoggingDriver?: string;
  LiveRestoreEnabled?: boolean;
  ExperimentalBuild?: boolean;
  Debug?: boolean;
  Plugins?: { Authorization?: string[] | null };
  RegistryConfig?: { InsecureRegistryCIDRs?: string[] | null; IndexConfigs?: Record<string, { Name?: string; Secure?: boolean }> | null };
}

const INFO = 'docker info';

/** "name=seccomp,profile=default" → { name: 'seccomp', profile: 'default' } */
export function securityOptions(info: EngineInfo): Record<string, string>[] {
  return (info.SecurityOptions ?? []).map((option) => Object.fromEntries(option.split(',').map((kv) => [kv.split('=')[0] ?? '', kv.split('=').slice(1).join('=')])));
}

/** Logging drivers that send logs off the host (journald and syslog can forward). */
const remoteLogDrivers = new Set(['syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'etwlogs', 'gcplogs', 'logentries']);

export function infoChecks(info: EngineInfo, bridge: { options: Record<string, string> } | null): HostCheckResult[] {
  const options = securityOptions(info);
  const named = (name: string) => options.find((o) => o.name === name);
  const rootless = Boolean(named('rootless'));
  const seccomp = named('seccomp');
  const authz = info.Plugins?.Authorization ?? [];
  const insecure = (info.RegistryConfig?.InsecureRegistryCIDRs ?? []).filter((cidr) => cidr !== '127.0.0.0/8' && cidr !== '::1/128');
  const insecureNames = Object.values(info.RegistryConfig?.IndexConfigs ?? {})
    .filter((c) => c.Secure === false)
    .map((c) => c.Name ?? '?');
  const icc = bridge?.options['com.docker.network.bridge.enable_icc'];
  const logDriver = info.LoggingDriver ?? 'unknown';

  return [
    evaluated(hostItems.rootless, rootless, [rootless ? 'SecurityOptions include name=rootless' : 'the daemon runs as root (no name=rootless in SecurityOptions)'], INFO),
    bridge === null
      ? evaluated(hostItems.icc, true, ['the engine has no default bridge network (dockerd --bridge=none): no traffic to restrict'], 'docker network inspect bridge')
      : evaluated(hostItems.icc, icc === 'false', [`com.docker.network.bridge.enable_icc = ${icc ?? 'true (not set)'}`], 'docker network inspect bridge'),
    evaluated(hostItems.insecureRegistries, insecure.length === 0 && insecureNames.length === 0, insecure.length || insecureNames.length ? [`insecure registries: ${[...insecure, ...insecureNames].join(', ')}`] : ['only the loopback range (127.0.0.0/8) is insecure, which dockerd always allows'], INFO),
    evaluated(hostItems.aufs, info.Driver !== 'aufs', [`storage driver: ${info.Driver ?? 'unknown'}`], INFO),
    evaluated(hostItems.userns, Boolean(named('userns')), [named('userns') ? 'SecurityOptions include name=userns' : 'no user namespace remapping (no name=userns in SecurityOptions): root in a container is root on the host'], INFO),
    evaluated(hostItems.authorization, authz.length > 0, [authz.length ? `authorization plugins: ${authz.join(', ')}` : 'no authorization plugin: anyone who reaches the socket may do everything'], INFO),
    evaluated(hostItems.remoteLogging, remoteLogDrivers.has(logDriver), [`default logging driver: ${logDriver}${remoteLogDrivers.has(logDriver) ? '' : ' (logs stay on this host)'}`], INFO),
    evaluated(hostItems.liveRestore, info.LiveRestoreEnabled === true, [`LiveRestoreEnabled: ${String(info.LiveRestoreEnabled ?? false)}`], INFO),
    evaluated(hostItems.seccomp, Boolean(seccomp), [seccomp ? `seccomp profile: ${seccomp.profile || 'default'}` : 'no seccomp in SecurityOptions: containers run without a syscall filter'], INFO),
    evaluated(hostItems.experimental, info.ExperimentalBuild !== true, [`ExperimentalBuild: ${String(info.ExperimentalBuild ?? false)}`], INFO),
  ];
}
