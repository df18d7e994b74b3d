// Host paths a container must not be given, the few under them that are harmless, and the
// container runtimes' API sockets (whoever holds one controls the host).
import type { Severity } from '../model/severity';

export interface SensitiveHostPath {
  path: string;
  severity: Severity;
  why: string;
}

/** A bind mount of one of these, of something inside one, or of a parent of one, is dangerous. */
export const sensitiveHostPaths: readonly SensitiveHostPath[] = [
  { path: '/', severity: 'critical', why: "the host's whole file system" },
  { path: '/boot', severity: 'high', why: 'kernels and boot loader: a write survives reboots' },
  { path: '/dev', severity: 'high', why: 'host devices (disks, memory)' },
  { path: '/etc', severity: 'high', why: 'host configuration: passwords (shadow), sudoers, cron, ssh' },
  { path: '/sys', severity: 'high', why: 'kernel and cgroup controls' },
  { path: '/proc', severity: 'high', why: "host processes and kernel knobs (core_pattern runs code as host root)" },
  { path: '/var/run', severity: 'high', why: 'runtime state and sockets of host services' },
  { path: '/run', severity: 'high', why: 'runtime state and sockets of host services' },
  { path: '/var/lib/docker', severity: 'high', why: "Docker's data: every container's file system" },
  { path: '/var/lib/containerd', severity: 'high', why: "containerd's data: every container's file system" },
  { path: '/var/lib/kubelet', severity: 'high', why: "the kubelet's data: Pod secrets and tokens" },
  { path: '/root', severity: 'high', why: "root's home: ssh keys and shell start-up files" },
  { path: '/usr', severity: 'medium', why: 'host programs and libraries' },
  { path: '/lib', severity: 'medium', why: 'host libraries and kernel modules' },
];

/** Harmless files under sensitive folders that Docker and Kubernetes mount themselves. */
export const defaultSafeMounts: readonly string[] = ['/etc/hosts', '/etc/resolv.conf', '/etc/hostname'];

/** The API sockets of container runtimes (both /var/run and /run spellings). */
export const runtimeSockets: readonly string[] = [
  '/var/run/docker.sock',
  '/run/docker.sock',
  '/var/run/containerd/containerd.sock',
  '/run/containerd/containerd.sock',
  '/var/run/crio/crio.sock',
  '/run/crio/crio.sock',
  '/var/run/cri-dockerd.sock',
  '/run/cri-dockerd.sock',
  '/var/run/podman/podman.sock',
  '/run/podman/podman.sock',
];

/** Sockets elsewhere (rootless Docker's $XDG_RUNTIME_DIR/docker.sock, Docker Desktop's) by name. */
const socketName = /(^|\/)(docker|containerd|crio|cri-dockerd|podman)\.sock$/;

export function isRuntimeSocketName(path: string): boolean {
  return socketName.test(path);
}

/** '/etc//ssl/' and '/etc/ssl' are the same place; '..' is resolved lexically. */
export function normaliseHostPath(path: string): string {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** True when `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  if (outer === '/') return true;
  return inner === outer || inner.startsWith(`${outer}/`);
}
