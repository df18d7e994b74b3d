// The `vigil` command as users run it: version, help, doctor, and serve's failure modes.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pkg from '../../package.json';
import { runVigil, startServe } from '../support/cli-process';
import { requireBuild, requireDocker } from '../support/environment';

const build = requireBuild();
const docker = requireDocker();

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cli-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe.skipIf(!build.available)('vigil CLI', () => {
  it('prints its version and help', () => {
    expect(runVigil(['--version'])).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = runVigil(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['serve', 'doctor']) expect(help.stdout).toContain(command);
    const unknown = runVigil(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
  });

  it.skipIf(!docker.available)('doctor reports a healthy setup and exits 0', () => {
    const result = runVigil(['doctor', '--json'], { VIGIL_HOME: home });
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as { healthy: boolean; checks: { id: string; status: string; detail: string }[] };
    expect(report.healthy).toBe(true);
    const byId = Object.fromEntries(report.checks.map((c) => [c.id, c]));
    expect(byId['data-dir']).toMatchObject({ status: 'ok' });
    expect(byId['data-dir']!.detail).toContain(home);
    expect(byId.database).toMatchObject({ status: 'ok' });
    expect(byId.docker).toMatchObject({ status: 'ok' });
    expect(byId.versions!.detail).toContain(process.versions.node);
    expect(fs.existsSync(path.join(home, 'vigil.db'))).toBe(true);
  });

  it('doctor fails on a corrupt database, says which file, and leaves it untouched', () => {
    const file = path.join(home, 'vigil.db');
    const evidence = Buffer.from('NOT A DATABASE '.repeat(500));
    fs.writeFileSync(file, evidence);
    const result = runVigil(['doctor'], { VIGIL_HOME: home });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/\[FAIL\] Database: database .*vigil\.db cannot be read/);
    expect(result.stdout).toMatch(/fix: The file was not changed/);
    expect(fs.readFileSync(file).equals(evidence)).toBe(true);
  });

  it('doctor explains an engine that is not there, and --require-docker makes it fatal', () => {
    const env = { VIGIL_HOME: home, DOCKER_HOST: `unix://${path.join(home, 'no-such.sock')}` };
    const lenient = runVigil(['doctor'], env);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/\[warn\] Container engine: unix:\/\/.*no-such\.sock \(DOCKER_HOST\)/);
    const strict = runVigil(['doctor', '--require-docker'], env);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/\[FAIL\] Container engine/);
  });

  it('doctor creates a missing data directory, and fails clearly when it cannot', () => {
    const nested = path.join(home, 'a', 'b', 'c');
    expect(runVigil(['doctor'], { VIGIL_HOME: nested }).stdout).toMatch(/\[ok  \] Data directory/);
    expect(fs.existsSync(path.join(nested, 'vigil.db'))).toBe(true);
    const blocked = path.join(home, 'file');
    fs.writeFileSync(blocked, 'x');
    const result = runVigil(['doctor'], { VIGIL_HOME: path.join(blocked, 'sub') });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/cannot be created/);
  });

  it('serve explains an occupied port and a bad role', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    const busy = runVigil(['serve', '--port', String(port)], { VIGIL_HOME: home });
    blocker.close();
    expect(busy.code).toBe(2);
    expect(busy.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    const role = runVigil(['serve', '--role', 'root'], { VIGIL_HOME: home });
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/--role: "root" is not a role/);
  });

  it('serve starts on a random port with a fresh token each time', async () => {
    const a = await startServe([], { VIGIL_HOME: home });
    const b = await startServe([], { VIGIL_HOME: home });
    try {
      expect(a.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(a.url).not.toBe(b.url);
      expect(a.token).not.toBe(b.token);
      const health = await fetch(new URL('/api/health', a.url), { headers: { 'x-vigil-token': a.token } });
      expect(health.status).toBe(200);
      expect((await fetch(new URL('/api/health', a.url), { headers: { 'x-vigil-token': b.token } })).status).toBe(401);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
