import { describe, expect, it } from 'vitest';
import { containerStartSpecSchema, type ContainerMount } from './container-start-spec';
import { checkHostMounts, checkRuntimeSocket, socketsExposedBy } from './mount-checks';

const bind = (source: string, destination = '/mnt', readOnly = false): ContainerMount => ({ source, destination, readOnly, type: 'bind' });
const spec = (...mounts: ContainerMount[]) => containerStartSpecSchema.parse({ image: 'alpine', mounts });

describe('host mount check (容器挂载目录, CIS 5.6)', () => {
  it.each([
    ['/', 'critical'],
    ['/etc', 'high'],
    ['/etc/shadow', 'high'],
    ['/boot', 'high'],
    ['/dev', 'high'],
    ['/sys/fs/cgroup', 'high'],
    ['/proc', 'high'],
    ['/var/run', 'high'],
    ['/run/containerd', 'high'],
    ['/var/lib/docker', 'high'],
    ['/var', 'high'], // holds /var/run and /var/lib/docker
    ['/usr/bin', 'medium'],
  ] as const)('fails a bind mount of %s (%s)', (source, severity) => {
    const r = checkHostMounts(spec(bind(source)));
    expect(r).toMatchObject({ status: 'failed', severity, alert: { name: '容器挂载目录' }, cis: { item: '5.6' } });
    expect(r.evidence[0]).toContain(`${source} → /mnt`);
  });

  it('allows /etc/hosts, /etc/resolv.conf and /etc/hostname, and ordinary folders', () => {
    const r = checkHostMounts(spec(bind('/etc/hosts', '/etc/hosts'), bind('/etc/resolv.conf'), bind('/etc/hostname'), bind('/home/me/project', '/src'), bind('/srv/data')));
    expect(r.status).toBe('passed');
    expect(r.evidence[0]).toMatch(/5 bind mount/);
  });

  it('takes the user list of safe mounts (the path and what is under it)', () => {
    expect(checkHostMounts(spec(bind('/etc/ssl/certs', '/certs', true)), ['/etc/ssl']).status).toBe('passed');
    expect(checkHostMounts(spec(bind('/etc/ssl/certs')), ['/etc/ssl/private']).status).toBe('failed');
    expect(checkHostMounts(spec(bind('/etc//ssl/certs/')), ['/etc/ssl/']).status).toBe('passed');
  });

  it('ignores volumes and tmpfs, and leaves a lone runtime socket to the socket check', () => {
    const r = checkHostMounts(spec({ source: 'data', destination: '/data', readOnly: false, type: 'volume' }, { source: '', destination: '/tmp', readOnly: false, type: 'tmpfs' }, bind('/var/run/docker.sock')));
    expect(r.status).toBe('passed');
  });

  it('says read-only or read-write', () => {
    expect(checkHostMounts(spec(bind('/etc', '/host-etc', true))).evidence[0]).toContain('(read-only)');
  });
});

describe('runtime socket check (CIS 5.32)', () => {
  it.each(['/var/run/docker.sock', '/run/containerd/containerd.sock', '/var/run/crio/crio.sock', '/run/user/1000/docker.sock'])('fails %s', (source) => {
    expect(checkRuntimeSocket(spec(bind(source)))).toMatchObject({ status: 'failed', severity: 'critical', cis: { item: '5.32' } });
  });

  it('fails a folder that holds a socket', () => {
    expect(socketsExposedBy('/')).toContain('/var/run/docker.sock');
    expect(socketsExposedBy('/run')).toContain('/run/docker.sock');
    const r = checkRuntimeSocket(spec(bind('/var/run', '/host-run')));
    expect(r.status).toBe('failed');
    expect(r.evidence[0]).toMatch(/contains \/var\/run\/docker\.sock/);
  });

  it('passes without one', () => {
    expect(checkRuntimeSocket(spec(bind('/srv/app')))).toMatchObject({ status: 'passed', evidence: ['no container runtime socket is mounted'] });
  });
});
