// The host checks against the engine this machine runs: what docker info says must match the
// docker CLI, and the socket's stat must match the file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { requireDocker } from '../../../tests/support/environment';
import type { DockerStatus } from '../../../shared/model/docker';
import { DockerService } from '../docker/docker-service';
import { hostItems } from './cis-host-items';
import { checkDockerHost, locality } from './docker-host-checks';

const status = (endpoint: string, product = 'Docker Engine - Community'): DockerStatus => ({
  state: 'connected',
  endpoint,
  source: 'test',
  reason: null,
  fix: null,
  engine: { product, version: '1', apiVersion: '1.41', os: 'linux', arch: 'amd64', storageDriver: null },
  candidates: [],
  checkedAt: '',
});

describe('where the daemon is', () => {
  it('is local only for a Linux unix socket that is not Docker Desktop or Podman', () => {
    expect(locality(status('unix:///var/run/docker.sock'), {}, 'linux')).toEqual({ local: true, reason: null });
    expect(locality(status('tcp://10.0.0.2:2376'), {}, 'linux').reason).toMatch(/remote engine \(tcp:\/\/10.0.0.2:2376\)/);
    expect(locality(status('unix:///Users/me/.docker/run/docker.sock'), { OperatingSystem: 'Docker Desktop' }, 'darwin').reason).toMatch(/Docker Desktop/);
    expect(locality(status('unix:///run/podman/podman.sock', 'Podman'), {}, 'linux').reason).toMatch(/Podman/);
  });
});

const docker = requireDocker();

describe.skipIf(!docker.available)('host checks on the real engine', () => {
  const service = new DockerService({ env: process.env });
  afterAll(() => service.close());

  it('evaluates every item or says why not, in CIS order, consistent with the docker CLI', async () => {
    const result = await checkDockerHost({ status: await service.status(), api: await service.api(), env: process.env, platform: process.platform });
    expect(result.checks.map((c) => c.id).sort()).toEqual(Object.values(hostItems).map((i) => i.id).sort());
    for (const c of result.checks) {
      if (c.status === 'not-evaluated') expect(c.reason, c.id).toBeTruthy();
      else expect(c.evidence.length, c.id).toBeGreaterThan(0);
    }
    const order = result.checks.map((c) => c.cis.item);
    expect(order[0]).toBe('2.1');
    expect(order.at(-1)).toBe('4.5');

    const byId = Object.fromEntries(result.checks.map((c) => [c.id, c]));
    const liveRestore = execFileSync('docker', ['info', '--format', '{{.LiveRestoreEnabled}}'], { encoding: 'utf8' }).trim() === 'true';
    expect(byId['daemon-live-restore']!.status).toBe(liveRestore ? 'evaluated-passed' : 'evaluated-failed');
    const driver = execFileSync('docker', ['info', '--format', '{{.Driver}}'], { encoding: 'utf8' }).trim();
    expect(byId['daemon-aufs']!.evidence[0]).toBe(`storage driver: ${driver}`);

    if (result.local) {
      const socket = result.endpoint!.slice('unix://'.length);
      const mode = fs.statSync(socket).mode & 0o7777;
      expect(byId['file-socket-mode']!.status).toBe((mode & ~0o660) === 0 ? 'evaluated-passed' : 'evaluated-failed');
      expect(byId['file-socket-mode']!.evidence[0]).toContain(mode.toString(8));
    } else {
      expect(byId['file-socket-mode']).toMatchObject({ status: 'not-evaluated', reason: result.localReason });
    }
  });
});
