import { describe, expect, it } from 'vitest';
import { infoChecks, type EngineInfo } from './info-checks';

const byId = (info: EngineInfo, bridge: { options: Record<string, string> } | null = null) => Object.fromEntries(infoChecks(info, bridge).map((c) => [c.id, c]));

describe('checks from docker info', () => {
  it('reads a default rootful engine', () => {
    const c = byId(
      { SecurityOptions: ['name=seccomp,profile=default'], Driver: 'overlay2', LoggingDriver: 'json-file', LiveRestoreEnabled: false, ExperimentalBuild: false, Plugins: { Authorization: null }, RegistryConfig: { InsecureRegistryCIDRs: ['127.0.0.0/8'] } },
      { options: { 'com.docker.network.bridge.enable_icc': 'true' } },
    );
    expect(c['daemon-rootless']).toMatchObject({ status: 'evaluated-failed', cis: { item: '2.1' } });
    expect(c['daemon-icc']).toMatchObject({ status: 'evaluated-failed', cis: { item: '2.2' } });
    expect(c['daemon-insecure-registries']!.status).toBe('evaluated-passed');
    expect(c['daemon-aufs']!.status).toBe('evaluated-passed');
    expect(c['daemon-userns']!.status).toBe('evaluated-failed');
    expect(c['daemon-authorization']!.status).toBe('evaluated-failed');
    expect(c['daemon-remote-logging']).toMatchObject({ status: 'evaluated-failed', evidence: ['default logging driver: json-file (logs stay on this host)'] });
    expect(c['daemon-live-restore']).toMatchObject({ status: 'evaluated-failed', cis: { item: '2.15' } });
    expect(c['daemon-seccomp']).toMatchObject({ status: 'evaluated-passed', evidence: ['seccomp profile: default'] });
    expect(c['daemon-experimental']!.status).toBe('evaluated-passed');
  });

  it('reads a hardened rootless engine', () => {
    const c = byId(
      {
        SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=userns'],
        Driver: 'aufs',
        LoggingDriver: 'journald',
        LiveRestoreEnabled: true,
        Plugins: { Authorization: ['opa-docker-authz'] },
        RegistryConfig: { InsecureRegistryCIDRs: ['10.0.0.0/8'], IndexConfigs: { 'reg.local:5000': { Name: 'reg.local:5000', Secure: false } } },
      },
      { options: { 'com.docker.network.bridge.enable_icc': 'false' } },
    );
    for (const id of ['daemon-rootless', 'daemon-icc', 'daemon-userns', 'daemon-authorization', 'daemon-remote-logging', 'daemon-live-restore']) expect(c[id]!.status).toBe('evaluated-passed');
    expect(c['daemon-aufs']!.status).toBe('evaluated-failed');
    expect(c['daemon-insecure-registries']).toMatchObject({ status: 'evaluated-failed', evidence: ['insecure registries: 10.0.0.0/8, reg.local:5000'] });
  });

  it('an engine without a default bridge has no bridge traffic to restrict', () => {
    expect(byId({})['daemon-icc']).toMatchObject({ status: 'evaluated-passed', evidence: [expect.stringMatching(/--bridge=none/)] });
  });
});
