import { describe, expect, it } from 'vitest';
import { configChecks } from './config-checks';
import { parseDaemonArgs } from './daemon-command-line';
import type { DaemonSources } from './daemon-settings';

const sources = (args: string[], config: Record<string, unknown> | null): DaemonSources => ({
  daemon: { found: true, process: { pid: 1, args, flags: parseDaemonArgs(args) } },
  configFile: config ? { state: 'read', path: '/etc/docker/daemon.json', config } : { state: 'absent', path: '/etc/docker/daemon.json' },
});
const byId = (...args: Parameters<typeof configChecks>) => Object.fromEntries(configChecks(...args).map((c) => [c.id, c]));

describe('checks from the daemon settings', () => {
  it('reads flags and daemon.json, and defaults when neither sets a value', () => {
    const c = byId(sources(['--iptables=false', '-H', 'unix:///var/run/docker.sock'], { 'no-new-privileges': true, 'userland-proxy': false }), null, {});
    expect(c['daemon-log-level']).toMatchObject({ status: 'evaluated-passed', cis: { item: '2.3' }, source: expect.stringMatching(/default/) });
    expect(c['daemon-iptables']).toMatchObject({ status: 'evaluated-failed', cis: { item: '2.4' }, source: 'dockerd command line (pid 1)' });
    expect(c['daemon-tls']).toMatchObject({ status: 'evaluated-passed', evidence: [expect.stringMatching(/no TCP socket/)] });
    expect(c['daemon-no-new-privileges']).toMatchObject({ status: 'evaluated-passed', source: '/etc/docker/daemon.json' });
    expect(c['daemon-userland-proxy']).toMatchObject({ status: 'evaluated-passed', cis: { item: '2.16' } });
  });

  it('fails a TCP socket without tlsverify and a debug log level', () => {
    const c = byId(sources(['-H', 'tcp://0.0.0.0:2375', '-l', 'debug'], null), null, {});
    expect(c['daemon-tls']).toMatchObject({ status: 'evaluated-failed', severity: 'critical', evidence: ['listens on tcp://0.0.0.0:2375; tlsverify: false'] });
    expect(c['daemon-log-level']!.status).toBe('evaluated-failed');
    expect(c['daemon-userland-proxy']!.status).toBe('evaluated-failed');
  });

  it('says why when the settings cannot be seen', () => {
    const hidden: DaemonSources = { daemon: { found: false, reason: 'no dockerd process is visible' }, configFile: { state: 'unreadable', path: '/etc/docker/daemon.json', reason: 'needs root to read /etc/docker/daemon.json' } };
    const c = byId(hidden, null, {});
    expect(c['daemon-userland-proxy']).toMatchObject({ status: 'not-evaluated', reason: expect.stringMatching(/needs root to read \/etc\/docker\/daemon.json/) });
    const remote = byId(null, 'remote engine (tcp://10.0.0.2:2376): its files are not on this host', { Debug: true });
    expect(remote['daemon-iptables']).toMatchObject({ status: 'not-evaluated', reason: expect.stringMatching(/remote engine/) });
    expect(remote['daemon-log-level']).toMatchObject({ status: 'evaluated-failed', source: 'docker info' });
  });
});
