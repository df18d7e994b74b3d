// The translation alone, on inspect output as Docker 20.10 writes it (the engine test covers the
// same path end to end on real containers).
import { describe, expect, it } from 'vitest';
import { inspectToSpec, parseSecurityOpt } from './inspect-to-spec';

describe('docker inspect → container start spec', () => {
  it('reads security options in every spelling', () => {
    expect(parseSecurityOpt(['seccomp=unconfined', 'no-new-privileges', 'label=disable'])).toEqual({ seccomp: 'unconfined', noNewPrivileges: true, apparmor: null });
    expect(parseSecurityOpt(['seccomp:unconfined', 'no-new-privileges:true', 'apparmor:unconfined'])).toEqual({ seccomp: 'unconfined', noNewPrivileges: true, apparmor: 'unconfined' });
    expect(parseSecurityOpt(['seccomp={"defaultAction":"SCMP_ACT_ERRNO"}', 'no-new-privileges=false'])).toEqual({ seccomp: 'custom', noNewPrivileges: false, apparmor: null });
    expect(parseSecurityOpt(null)).toEqual({ seccomp: null, noNewPrivileges: false, apparmor: null });
  });

  it('takes modes, capabilities, the image and the resolved mounts', () => {
    const spec = inspectToSpec(
      {
        Image: 'sha256:108f',
        Config: { Image: 'vigil-probe:1', User: '1000:1000' } as never,
        HostConfig: { Privileged: true, CapAdd: ['CAP_SYS_ADMIN'], CapDrop: ['CAP_NET_RAW'], SecurityOpt: ['seccomp=unconfined'], PidMode: 'host', IpcMode: 'host', NetworkMode: 'none', Binds: ['/:/host:ro'] },
        Mounts: [
          { Type: 'bind', Source: '/', Destination: '/host', Mode: 'ro', RW: false, Propagation: 'rslave' },
          { Type: 'volume', Name: 'vol1', Source: '/var/lib/docker/volumes/vol1/_data', Destination: '/data', Driver: 'local', Mode: 'z', RW: true, Propagation: '' },
        ],
      },
      ['vigil-probe:1'],
    );
    expect(spec).toMatchObject({
      image: 'vigil-probe:1',
      imageId: 'sha256:108f',
      imageAliases: ['vigil-probe:1'],
      privileged: true,
      capAdd: ['CAP_SYS_ADMIN'],
      capDrop: ['CAP_NET_RAW'],
      securityOpt: { seccomp: 'unconfined', noNewPrivileges: false },
      hostPid: true,
      hostIpc: true,
      hostNetwork: false,
      user: '1000:1000',
    });
    // A named volume is named, not its folder in Docker's data root.
    expect(spec.mounts).toEqual([
      { source: '/', destination: '/host', readOnly: true, type: 'bind' },
      { source: 'vol1', destination: '/data', readOnly: false, type: 'volume' },
    ]);
  });

  it('falls back to HostConfig.Binds and HostConfig.Mounts', () => {
    const spec = inspectToSpec({
      Image: 'sha256:1',
      Config: { Image: 'app' } as never,
      HostConfig: { Binds: ['/var/run/docker.sock:/var/run/docker.sock', 'cache:/cache:ro'], Mounts: [{ Type: 'bind', Source: '/etc', Target: '/host-etc', ReadOnly: true }] } as never,
      Mounts: [],
    });
    expect(spec.mounts).toEqual([
      { source: '/var/run/docker.sock', destination: '/var/run/docker.sock', readOnly: false, type: 'bind' },
      { source: 'cache', destination: '/cache', readOnly: true, type: 'volume' },
      { source: '/etc', destination: '/host-etc', readOnly: true, type: 'bind' },
    ]);
  });
});
