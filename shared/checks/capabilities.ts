// Linux capabilities a container can be given beyond Docker's default set, and why each one
// matters (most are a known way out of the container).
import type { Severity } from '../model/severity';

/** Docker's (and containerd's) default capability set: adding one of these changes nothing. */
export const defaultCapabilities: ReadonlySet<string> = new Set([
  'CHOWN',
  'DAC_OVERRIDE',
  'FSETID',
  'FOWNER',
  'MKNOD',
  'NET_RAW',
  'SETGID',
  'SETUID',
  'SETFCAP',
  'SETPCAP',
  'NET_BIND_SERVICE',
  'SYS_CHROOT',
  'KILL',
  'AUDIT_WRITE',
]);

export interface RiskyCapability {
  severity: Severity;
  why: string;
}

export const riskyCapabilities: Readonly<Record<string, RiskyCapability>> = {
  ALL: { severity: 'critical', why: 'every capability: as good as --privileged for the kernel API' },
  SYS_ADMIN: { severity: 'critical', why: 'mount, namespaces, cgroups and much more: the classic escape (cgroup release_agent, mounting the host disk)' },
  SYS_MODULE: { severity: 'critical', why: 'loads kernel modules: code runs in the host kernel' },
  SYS_PTRACE: { severity: 'high', why: 'traces and injects code into processes (host processes too with the host PID namespace)' },
  DAC_READ_SEARCH: { severity: 'high', why: 'open_by_handle_at reads any host file (the "shocker" escape)' },
  SYS_RAWIO: { severity: 'high', why: 'raw I/O ports and /dev/mem: reads and writes host memory and devices' },
  BPF: { severity: 'high', why: 'loads eBPF programs into the host kernel' },
  MAC_ADMIN: { severity: 'high', why: 'changes AppArmor/SELinux policy' },
  MAC_OVERRIDE: { severity: 'high', why: 'bypasses AppArmor/SELinux policy' },
  PERFMON: { severity: 'medium', why: 'perf events and eBPF tracing: observes the whole host' },
  NET_ADMIN: { severity: 'medium', why: 'reconfigures interfaces, routes and firewall rules; sniffs and redirects traffic' },
  SYS_BOOT: { severity: 'medium', why: 'reboots the host and loads a new kernel (kexec_load)' },
  SYS_TIME: { severity: 'medium', why: "sets the host's clock for every container and the host" },
  AUDIT_CONTROL: { severity: 'medium', why: 'turns kernel auditing off or changes its rules' },
  CHECKPOINT_RESTORE: { severity: 'medium', why: 'checkpoint/restore: sets PIDs and reads other processes' },
  SYSLOG: { severity: 'low', why: 'reads the kernel log (kernel addresses help exploits)' },
  LINUX_IMMUTABLE: { severity: 'low', why: 'removes the immutable and append-only file flags' },
  SYS_RESOURCE: { severity: 'low', why: 'overrides resource limits and quotas' },
  IPC_LOCK: { severity: 'low', why: 'locks memory without limit' },
  SYS_NICE: { severity: 'low', why: "raises its own priority and changes other processes' scheduling" },
};

/** SYS_ADMIN, cap_sys_admin and CAP_SYS_ADMIN are the same capability. */
export function normaliseCapability(name: string): string {
  const upper = name.trim().toUpperCase();
  return upper.startsWith('CAP_') ? upper.slice(4) : upper;
}
