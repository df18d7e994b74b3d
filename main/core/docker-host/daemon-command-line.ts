// The dockerd command line: which flags the daemon was started with. /proc/<pid>/cmdline is
// readable by every user on most Linux hosts, which is how CIS audits §2 (`ps -ef | grep dockerd`).
import fs from 'node:fs';
import path from 'node:path';

/** Flags by long name; a repeated flag (-H) keeps every value. */
export type DaemonFlags = ReadonlyMap<string, readonly string[]>;

const shortNames: Record<string, string> = { H: 'host', l: 'log-level', b: 'bridge', s: 'storage-driver', G: 'group', D: 'debug', p: 'pidfile', g: 'graph' };

/** Flags that take no value: `--live-restore` alone means true. */
const booleans = new Set([
  'debug', 'live-restore', 'icc', 'iptables', 'ip6tables', 'ip-forward', 'ip-masq', 'userland-proxy', 'tls', 'tlsverify',
  'no-new-privileges', 'experimental', 'selinux-enabled', 'rootless', 'init', 'raw-logs', 'validate', 'version', 'help',
]);

export function parseDaemonArgs(args: readonly string[]): DaemonFlags {
  const flags = new Map<string, string[]>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('-') || arg === '-' || arg === '--') continue;
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const raw = eq < 0 ? body : body.slice(0, eq);
    const name = arg.startsWith('--') ? raw : (shortNames[raw] ?? raw);
    let value: string;
    if (eq >= 0) value = body.slice(eq + 1);
    else if (booleans.has(name)) value = 'true';
    else if (i + 1 < args.length && !args[i + 1]!.startsWith('-')) value = args[++i]!;
    else value = 'true';
    flags.set(name, [...(flags.get(name) ?? []), value]);
  }
  return flags;
}

export interface DaemonProcess {
  pid: number;
  args: string[];
  flags: DaemonFlags;
}

/** The sockets a dockerd serves: its -H values, else the default (systemd's fd:// included). */
export function servedSockets(flags: DaemonFlags): string[] {
  const hosts = flags.get('host') ?? [];
  const sockets = hosts.filter((h) => h.startsWith('unix://')).map((h) => h.slice('unix://'.length));
  if (hosts.length === 0 || hosts.some((h) => h.startsWith('fd://'))) sockets.push('/var/run/docker.sock', '/run/docker.sock');
  return sockets;
}

export type DaemonLookup = { found: true; process: DaemonProcess } | { found: false; reason: string };

/** The dockerd serving `socketPath`, found among this host's processes. */
export function findDaemon(socketPath: string, procRoot = '/proc'): DaemonLookup {
  let entries: string[];
  try {
    entries = fs.readdirSync(procRoot).filter((e) => /^\d+$/.test(e));
  } catch (error) {
    return { found: false, reason: `${procRoot} cannot be read (${(error as Error).message})` };
  }
  const daemons: DaemonProcess[] = [];
  for (const pid of entries) {
    try {
      const comm = fs.readFileSync(path.join(procRoot, pid, 'comm'), 'utf8').trim();
      if (comm !== 'dockerd') continue;
      const args = fs.readFileSync(path.join(procRoot, pid, 'cmdline'), 'utf8').split('\0').filter(Boolean);
      daemons.push({ pid: Number(pid), args, flags: parseDaemonArgs(args.slice(1)) });
    } catch {
      // gone meanwhile, or hidden from this user
    }
  }
  const wanted = path.posix.normalize(socketPath);
  const match = daemons.find((d) => servedSockets(d.flags).some((s) => path.posix.normalize(s) === wanted));
  if (match) return { found: true, process: match };
  if (daemons.length === 0) return { found: false, reason: 'no dockerd process is visible to this user (another PID namespace, or /proc mounted with hidepid)' };
  return { found: false, reason: `${daemons.length} dockerd process(es) are visible, but none serves ${socketPath}` };
}
