// `docker inspect` of a container, turned into the normalised container-start description the
// shared checks read. Only what the engine reports is used; nothing is assumed about defaults
// the daemon may add (a daemon-wide no-new-privileges, for one, is not visible here).
import type Dockerode from 'dockerode';
import { containerStartSpecSchema, type ContainerMount, type ContainerStartSpec } from '../../../shared/checks/container-start-spec';

type Inspect = Pick<Dockerode.ContainerInspectInfo, 'Image' | 'Config' | 'HostConfig' | 'Mounts'> & { AppArmorProfile?: string };

interface SecurityOptions {
  seccomp: string | null;
  noNewPrivileges: boolean;
  apparmor: string | null;
}

/** "seccomp=unconfined", the old "seccomp:unconfined", an inlined JSON profile, "no-new-privileges[=true]" … */
export function parseSecurityOpt(options: readonly string[] | null | undefined): SecurityOptions {
  const out: SecurityOptions = { seccomp: null, noNewPrivileges: false, apparmor: null };
  for (const option of options ?? []) {
    const split = option.search(/[=:]/);
    const key = (split < 0 ? option : option.slice(0, split)).trim().toLowerCase();
    const value = split < 0 ? '' : option.slice(split + 1).trim();
    if (key === 'seccomp') out.seccomp = value.startsWith('{') ? 'custom' : value || null;
    else if (key === 'no-new-privileges') out.noNewPrivileges = value === '' || value.toLowerCase() === 'true';
    else if (key === 'apparmor') out.apparmor = value || null;
  }
  return out;
}

/** "src:dst[:ro,…]" of HostConfig.Binds; a source without "/" is a named volume. */
function fromBind(bind: string): ContainerMount | null {
  const parts = bind.split(':');
  if (parts.length < 2) return null;
  const [source, destination, options = ''] = parts as [string, string, string?];
  return { source, destination, readOnly: options.split(',').includes('ro'), type: source.startsWith('/') ? 'bind' : 'volume' };
}

function mountsOf(info: Inspect): ContainerMount[] {
  // The top-level Mounts are the engine's resolved view (binds, --mount and volumes alike).
  if (Array.isArray(info.Mounts) && info.Mounts.length) {
    return info.Mounts.map((m) => ({
      source: m.Type === 'volume' ? (m.Name ?? m.Source) : m.Source,
      destination: m.Destination,
      readOnly: m.RW === false,
      type: m.Type ?? 'bind',
    }));
  }
  const host = info.HostConfig as Dockerode.HostConfig & { Mounts?: { Type?: string; Source?: string; Target?: string; ReadOnly?: boolean }[] };
  const binds = (host.Binds ?? []).map(fromBind).filter((m): m is ContainerMount => m !== null);
  const mounts = (host.Mounts ?? []).map((m) => ({ source: m.Source ?? '', destination: m.Target ?? '', readOnly: Boolean(m.ReadOnly), type: m.Type ?? 'bind' }));
  return [...binds, ...mounts];
}

export function inspectToSpec(info: Inspect, imageAliases: readonly string[] = []): ContainerStartSpec {
  const host = info.HostConfig ?? {};
  const security = parseSecurityOpt(host.SecurityOpt);
  if (!security.apparmor && info.AppArmorProfile === 'unconfined') security.apparmor = 'unconfined';
  return containerStartSpecSchema.parse({
    image: info.Config?.Image || info.Image,
    imageAliases: [...imageAliases],
    imageId: info.Image || null,
    privileged: Boolean(host.Privileged),
    capAdd: host.CapAdd ?? [],
    capDrop: host.CapDrop ?? [],
    securityOpt: security,
    mounts: mountsOf(info),
    hostPid: host.PidMode === 'host',
    hostIpc: host.IpcMode === 'host',
    hostNetwork: host.NetworkMode === 'host',
    user: info.Config?.User ?? '',
  });
}
