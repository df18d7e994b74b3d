// Checks of the Docker host Vigil talks to: what the engine reports (any engine), and, when the
// daemon runs on this very machine, its command line, daemon.json and files — each item either
// evaluated or saying why it cannot be from here.
import type Dockerode from 'dockerode';
import type { HostCheckResult } from '../../../shared/checks/host-check';
import type { DockerHostChecks } from '../../../shared/contracts/containers';
import { RpcError } from '../../../shared/contracts/errors';
import type { DockerStatus } from '../../../shared/model/docker';
import { hostItems, type HostItem } from './cis-host-items';
import { configChecks } from './config-checks';
import { contentTrustCheck } from './content-trust-check';
import { findDaemon } from './daemon-command-line';
import { daemonConfigPath, readDaemonConfig } from './daemon-config-file';
import type { DaemonSources } from './daemon-settings';
import { groupNames, modeCheck, ownerCheck, statFile } from './file-checks';
import { notEvaluated } from './host-check';
import { infoChecks, securityOptions, type EngineInfo } from './info-checks';

export interface HostCheckInputs {
  status: DockerStatus;
  api: Dockerode;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
}

/** Whether the daemon's files are on this machine, and if not, why. */
export function locality(status: DockerStatus, info: { OperatingSystem?: string }, platform: NodeJS.Platform): { local: boolean; reason: string | null } {
  const endpoint = status.endpoint ?? '';
  if (/podman/i.test(status.engine?.product ?? '')) return { local: false, reason: 'the engine is Podman: there is no dockerd whose settings and files CIS Docker §2–3 describe' };
  if (!endpoint.startsWith('unix://')) return { local: false, reason: `remote engine (${endpoint || 'unknown endpoint'}): its files are not on this host` };
  if (platform !== 'linux' || /docker desktop/i.test(info.OperatingSystem ?? '')) return { local: false, reason: "Docker Desktop runs the daemon in its own VM: the daemon's files are not on this host" };
  return { local: true, reason: null };
}

async function bridgeNetwork(api: Dockerode): Promise<{ options: Record<string, string> } | null> {
  try {
    const network = (await api.getNetwork('bridge').inspect()) as { Options?: Record<string, string> };
    return { options: network.Options ?? {} };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

function fileChecks(socketPath: string, configPath: string, rootless: boolean): HostCheckResult[] {
  const groups = groupNames();
  const root = { user: 'root', group: 'root' } as const;
  const units = (name: string) => ['/etc/systemd/system', '/lib/systemd/system', '/usr/lib/systemd/system'].map((d) => `${d}/${name}`);
  const service = statFile(units('docker.service'));
  const socketUnit = statFile(units('docker.socket'));
  const etcDocker = statFile(['/etc/docker']);
  const socket = statFile([socketPath]);
  const daemonJson = statFile([configPath]);
  const defaults = statFile(['/etc/default/docker']);
  const noUnit = ': dockerd is not run by systemd here';
  return [
    ownerCheck(hostItems.serviceOwner, service, groups, root, noUnit),
    modeCheck(hostItems.serviceMode, service, 0o644, noUnit),
    ownerCheck(hostItems.socketUnitOwner, socketUnit, groups, root, noUnit),
    modeCheck(hostItems.socketUnitMode, socketUnit, 0o644, noUnit),
    ownerCheck(hostItems.etcDockerOwner, etcDocker, groups, root),
    modeCheck(hostItems.etcDockerMode, etcDocker, 0o755),
    rootless
      ? notEvaluated(hostItems.socketOwner, 'rootless daemon: its socket belongs to the user who runs it, as it should', `stat ${socketPath}`)
      : ownerCheck(hostItems.socketOwner, socket, groups, { user: 'root', group: 'docker' }),
    modeCheck(hostItems.socketMode, socket, 0o660),
    ownerCheck(hostItems.daemonJsonOwner, daemonJson, groups, rootless ? { user: 'root', group: 'root' } : root, ': the daemon runs with built-in defaults and flags'),
    modeCheck(hostItems.daemonJsonMode, daemonJson, 0o644, ': the daemon runs with built-in defaults and flags'),
    ownerCheck(hostItems.defaultDockerOwner, defaults, groups, root),
    modeCheck(hostItems.defaultDockerMode, defaults, 0o644),
  ];
}

const fileItems: HostItem[] = [
  hostItems.serviceOwner, hostItems.serviceMode, hostItems.socketUnitOwner, hostItems.socketUnitMode, hostItems.etcDockerOwner, hostItems.etcDockerMode,
  hostItems.socketOwner, hostItems.socketMode, hostItems.daemonJsonOwner, hostItems.daemonJsonMode, hostItems.defaultDockerOwner, hostItems.defaultDockerMode,
];

/** 2.2 before 2.13 before 3.1: by CIS item number. */
function byItem(a: HostCheckResult, b: HostCheckResult): number {
  const pa = a.cis.item.split('.').map(Number);
  const pb = b.cis.item.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return a.id.localeCompare(b.id);
}

export async function checkDockerHost(inputs: HostCheckInputs): Promise<DockerHostChecks> {
  const { status, api, env, platform } = inputs;
  let info: EngineInfo & { OperatingSystem?: string };
  let bridge: { options: Record<string, string> } | null;
  try {
    [info, bridge] = await Promise.all([api.info() as Promise<EngineInfo & { OperatingSystem?: string }>, bridgeNetwork(api)]);
  } catch (error) {
    throw new RpcError('unavailable', `Could not read the engine's configuration: ${(error as Error).message}`);
  }
  const where = locality(status, info, platform);
  const rootless = securityOptions(info).some((o) => o.name === 'rootless');
  const checks: HostCheckResult[] = [...infoChecks(info, bridge)];
  if (where.local) {
    const socketPath = status.endpoint!.slice('unix://'.length);
    const daemon = findDaemon(socketPath);
    const configPath = daemonConfigPath(daemon.found ? daemon.process.flags : null, rootless, env);
    const sources: DaemonSources = { daemon, configFile: readDaemonConfig(configPath) };
    checks.push(...configChecks(sources, null, info), ...fileChecks(socketPath, configPath, rootless));
  } else {
    checks.push(...configChecks(null, where.reason, info), ...fileItems.map((item) => notEvaluated(item, where.reason!, 'files of the daemon host')));
  }
  checks.push(contentTrustCheck(env));
  return { checkedAt: new Date().toISOString(), endpoint: status.endpoint, local: where.local, localReason: where.reason, checks: checks.sort(byItem) };
}
