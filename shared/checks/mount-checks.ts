// 容器挂载目录: host directories and runtime sockets bind-mounted into a container.
import { severityRank, type Severity } from '../model/severity';
import type { ContainerCheckResult } from './check-result';
import { cisDocker } from './cis-docker';
import { containerAlerts } from './container-alerts';
import type { ContainerMount, ContainerStartSpec } from './container-start-spec';
import { defaultSafeMounts, isRuntimeSocketName, isWithin, normaliseHostPath, runtimeSockets, sensitiveHostPaths } from './host-paths';

const alert = containerAlerts.mounts;

function hostMounts(spec: ContainerStartSpec): ContainerMount[] {
  return spec.mounts.filter((m) => m.type === 'bind' && m.source.startsWith('/'));
}

function describe(mount: ContainerMount): string {
  return `${mount.source} → ${mount.destination} (${mount.readOnly ? 'read-only' : 'read-write'})`;
}

/** The runtime sockets a mount puts in the container: the socket itself, or a folder holding one. */
export function socketsExposedBy(source: string): string[] {
  const path = normaliseHostPath(source);
  if (isRuntimeSocketName(path)) return [path];
  return runtimeSockets.filter((socket) => isWithin(socket, path));
}

export function checkRuntimeSocket(spec: ContainerStartSpec): ContainerCheckResult {
  const evidence: string[] = [];
  for (const mount of hostMounts(spec)) {
    const sockets = socketsExposedBy(mount.source);
    if (sockets.length === 0) continue;
    const path = normaliseHostPath(mount.source);
    evidence.push(
      sockets.length === 1 && sockets[0] === path
        ? `${describe(mount)}: the container can drive the engine and start a privileged container on the host`
        : `${describe(mount)} contains ${sockets.join(', ')}`,
    );
  }
  return {
    id: 'runtime-socket',
    title: 'Container runtime socket mounted',
    alert,
    cis: cisDocker.dockerSocket,
    severity: 'critical',
    status: evidence.length ? 'failed' : 'passed',
    evidence: evidence.length ? evidence : ['no container runtime socket is mounted'],
  };
}

export function checkHostMounts(spec: ContainerStartSpec, safeMounts: readonly string[] = []): ContainerCheckResult {
  const safe = [...defaultSafeMounts, ...safeMounts].map(normaliseHostPath);
  const evidence: string[] = [];
  let severity: Severity | null = null;
  for (const mount of hostMounts(spec)) {
    const path = normaliseHostPath(mount.source);
    // A lone runtime socket is the runtime-socket check's finding.
    if (isRuntimeSocketName(path)) continue;
    if (safe.some((s) => isWithin(path, s))) continue;
    // Inside a sensitive folder, or a folder that holds one (mounting /var exposes /var/run).
    const hits = path === '/' ? sensitiveHostPaths.filter((p) => p.path === '/') : sensitiveHostPaths.filter((p) => p.path !== '/' && (isWithin(path, p.path) || isWithin(p.path, path)));
    if (hits.length === 0) continue;
    const worst = hits.reduce((a, b) => (severityRank(b.severity) > severityRank(a.severity) ? b : a));
    if (severity === null || severityRank(worst.severity) > severityRank(severity)) severity = worst.severity;
    evidence.push(`${describe(mount)}: ${hits.map((h) => `${h.path} — ${h.why}`).join('; ')}`);
  }
  return {
    id: 'host-mounts',
    title: 'Sensitive host directory mounted',
    alert,
    cis: cisDocker.sensitiveHostDirs,
    severity: severity ?? 'high',
    status: evidence.length ? 'failed' : 'passed',
    evidence: evidence.length ? evidence : [hostMounts(spec).length ? `no sensitive host path among ${hostMounts(spec).length} bind mount(s)` : 'no bind mount from the host'],
  };
}
