import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findDaemon, parseDaemonArgs, servedSockets } from './daemon-command-line';
import { daemonConfigPath, readDaemonConfig } from './daemon-config-file';
import { daemonSetting, type DaemonSources } from './daemon-settings';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-host-'));
  dirs.push(d);
  return d;
};

describe('dockerd command line', () => {
  it('reads long, short, boolean and repeated flags', () => {
    const flags = parseDaemonArgs(['--storage-driver', 'vfs', '--iptables=false', '--live-restore', '-H', 'unix:///run/a.sock', '-H=tcp://0.0.0.0:2375', '-l', 'debug', '--config-file=/x.json']);
    expect(flags.get('storage-driver')).toEqual(['vfs']);
    expect(flags.get('iptables')).toEqual(['false']);
    expect(flags.get('live-restore')).toEqual(['true']);
    expect(flags.get('host')).toEqual(['unix:///run/a.sock', 'tcp://0.0.0.0:2375']);
    expect(flags.get('log-level')).toEqual(['debug']);
    expect(flags.get('config-file')).toEqual(['/x.json']);
  });

  it('knows which sockets a daemon serves', () => {
    expect(servedSockets(parseDaemonArgs([]))).toContain('/var/run/docker.sock');
    expect(servedSockets(parseDaemonArgs(['-H', 'fd://']))).toContain('/run/docker.sock');
    expect(servedSockets(parseDaemonArgs(['-H', 'unix:///tmp/d.sock']))).toEqual(['/tmp/d.sock']);
  });

  it('finds the dockerd serving a socket in a /proc tree', () => {
    const proc = temp();
    const add = (pid: number, comm: string, args: string[]) => {
      fs.mkdirSync(path.join(proc, String(pid)));
      fs.writeFileSync(path.join(proc, String(pid), 'comm'), `${comm}\n`);
      fs.writeFileSync(path.join(proc, String(pid), 'cmdline'), `${args.join('\0')}\0`);
    };
    add(10, 'bash', ['bash']);
    add(11, 'dockerd', ['dockerd', '-H', 'unix:///run/other.sock']);
    add(12, 'dockerd', ['/usr/bin/dockerd', '-H', 'unix:///run/mine.sock', '--icc=false']);
    const found = findDaemon('/run/mine.sock', proc);
    expect(found.found && found.process.pid).toBe(12);
    expect(findDaemon('/run/none.sock', proc)).toEqual({ found: false, reason: '2 dockerd process(es) are visible, but none serves /run/none.sock' });
  });
});

describe('daemon.json', () => {
  it('is absent, read, or unreadable with the reason', () => {
    const dir = temp();
    expect(readDaemonConfig(path.join(dir, 'daemon.json')).state).toBe('absent');
    fs.writeFileSync(path.join(dir, 'daemon.json'), '{"live-restore": true}');
    expect(readDaemonConfig(path.join(dir, 'daemon.json'))).toMatchObject({ state: 'read', config: { 'live-restore': true } });
    fs.writeFileSync(path.join(dir, 'bad.json'), '{');
    expect(readDaemonConfig(path.join(dir, 'bad.json'))).toMatchObject({ state: 'unreadable', reason: expect.stringMatching(/not valid JSON/) });
  });

  it('lives where the daemon looks for it', () => {
    expect(daemonConfigPath(null, false)).toBe('/etc/docker/daemon.json');
    expect(daemonConfigPath(parseDaemonArgs(['--config-file', '/opt/d.json']), false)).toBe('/opt/d.json');
    expect(daemonConfigPath(null, true, { HOME: '/home/u' })).toBe('/home/u/.config/docker/daemon.json');
  });
});

describe('one daemon setting', () => {
  const visible = (args: string[]): DaemonSources['daemon'] => ({ found: true, process: { pid: 7, args, flags: parseDaemonArgs(args) } });

  it('takes the flag first, then daemon.json, then the default when both were seen', () => {
    const configFile = { state: 'read', path: '/etc/docker/daemon.json', config: { 'live-restore': true } } as const;
    expect(daemonSetting({ daemon: visible(['--icc=false']), configFile }, 'icc', true)).toMatchObject({ known: true, value: false, source: 'dockerd command line (pid 7)' });
    expect(daemonSetting({ daemon: visible([]), configFile }, 'live-restore', false)).toMatchObject({ known: true, value: true, source: '/etc/docker/daemon.json' });
    expect(daemonSetting({ daemon: visible([]), configFile: { state: 'absent', path: '/etc/docker/daemon.json' } }, 'userland-proxy', true)).toMatchObject({ known: true, value: true, source: expect.stringMatching(/default/) });
  });

  it('is unknown when a place could not be looked at', () => {
    const r = daemonSetting({ daemon: { found: false, reason: 'hidden' }, configFile: { state: 'unreadable', path: '/etc/docker/daemon.json', reason: 'needs root to read /etc/docker/daemon.json' } }, 'userland-proxy', true);
    expect(r).toEqual({ known: false, reason: 'the dockerd command line is not visible: hidden; needs root to read /etc/docker/daemon.json' });
  });
});
