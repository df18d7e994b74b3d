import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contextHash } from './docker-context';
import { resolveEndpoint, type EndpointInputs } from './docker-endpoint';
import { tempDir } from './fake-engine.testkit';
import { nodeFsProbe, type FsProbe, type PathKind } from './fs-probe';

// The docker CLI stores a context under the sha256 of its name; this is the folder name
// `docker context create remote` made (sha256sum of "remote").
const REMOTE_HASH = 'b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/**
 * A machine: a real temp HOME (and anything else under the temp root) on disk, plus the few
 * system-wide paths (/var/run/docker.sock, /run/podman/podman.sock …) given as a map, so the
 * test does not depend on what this machine has.
 */
function machine(system: Record<string, PathKind> = {}, env: Record<string, string> = {}) {
  const root = tempDir('vigil-endpoint-');
  cleanups.push(() => fs.rmSync(root, { recursive: true, force: true }));
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  const probe: FsProbe = {
    kind: (p) => (p.startsWith(root) ? nodeFsProbe.kind(p) : (system[p] ?? 'missing')),
    readText: (p) => (p.startsWith(root) ? nodeFsProbe.readText(p) : null),
  };
  const inputs = (extra: Record<string, string> = {}, platform: NodeJS.Platform = 'linux'): EndpointInputs => ({
    env: { ...env, ...extra },
    home,
    platform,
    fs: probe,
  });
  const write = (relative: string, content: string) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return file;
  };
  const socket = async (relative: string) => {
    const file = path.join(root, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(file, resolve));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    return file;
  };
  return { root, home, inputs, write, socket };
}

describe('DOCKER_HOST', () => {
  it('unix:// names the socket; the candidate says whether it exists', async () => {
    const m = machine();
    const sock = await m.socket('engine.sock');
    const r = resolveEndpoint(m.inputs({ DOCKER_HOST: `unix://${sock}` }));
    expect(r.problem).toBeNull();
    expect(r.endpoint).toEqual({ kind: 'unix', url: `unix://${sock}`, path: sock });
    expect(r.source).toBe('DOCKER_HOST');
    expect(r.candidates).toEqual([{ endpoint: `unix://${sock}`, source: 'DOCKER_HOST', exists: true }]);

    const missing = resolveEndpoint(m.inputs({ DOCKER_HOST: `unix://${m.root}/nothing.sock` }));
    expect(missing.candidates[0]!.exists).toBe(false);
    expect(missing.endpoint?.kind).toBe('unix'); // the service reports not-found when it looks
  });

  it('unix:// without a path is a clear problem', () => {
    const r = resolveEndpoint(machine().inputs({ DOCKER_HOST: 'unix://' }));
    expect(r.endpoint).toBeNull();
    expect(r.problem?.reason).toMatch(/DOCKER_HOST is "unix:\/\/", which names no socket path/);
  });

  it('tcp:// without TLS uses port 2375 by default, and "host:port" without a scheme is tcp', () => {
    const m = machine();
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://10.0.0.2' })).endpoint).toEqual({ kind: 'tcp', url: 'tcp://10.0.0.2:2375', host: '10.0.0.2', port: 2375, tls: null });
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'build-host:4243' })).endpoint).toMatchObject({ kind: 'tcp', host: 'build-host', port: 4243, tls: null });
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://[fd00::2]:2375' })).endpoint).toMatchObject({ host: 'fd00::2', url: 'tcp://[fd00::2]:2375' });
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://10.0.0.2' })).candidates).toEqual([{ endpoint: 'tcp://10.0.0.2:2375', source: 'DOCKER_HOST', exists: null }]);
  });

  it('tcp:// with DOCKER_TLS_VERIFY and DOCKER_CERT_PATH uses ca.pem, cert.pem and key.pem from there (port 2376 by default)', () => {
    const m = machine();
    const ca = m.write('certs/ca.pem', 'CA');
    const cert = m.write('certs/cert.pem', 'CERT');
    const key = m.write('certs/key.pem', 'KEY');
    const r = resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://docker.example:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(m.root, 'certs') }));
    expect(r.problem).toBeNull();
    expect(r.endpoint).toEqual({ kind: 'tcp', url: 'tcp://docker.example:2376', host: 'docker.example', port: 2376, tls: { ca, cert, key, verify: true } });
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://docker.example', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(m.root, 'certs') })).endpoint).toMatchObject({ port: 2376 });
  });

  it('DOCKER_TLS_VERIFY without DOCKER_CERT_PATH looks in ~/.docker, as the CLI does; DOCKER_TLS alone means TLS without verification', () => {
    const m = machine();
    const ca = m.write('home/.docker/ca.pem', 'CA');
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1' })).endpoint).toMatchObject({ tls: { ca, cert: null, key: null, verify: true } });
    expect(resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS: '1' })).endpoint).toMatchObject({ tls: { ca, verify: false } });
  });

  it('a DOCKER_CERT_PATH that does not exist, or a certificate without its key, is named', () => {
    const m = machine();
    const nowhere = path.join(m.root, 'no-such-dir');
    const r = resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: nowhere }));
    expect(r.problem?.reason).toBe(`DOCKER_CERT_PATH is ${nowhere}, which does not exist`);
    m.write('certs/cert.pem', 'CERT');
    const half = resolveEndpoint(m.inputs({ DOCKER_HOST: 'tcp://h:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: path.join(m.root, 'certs') }));
    expect(half.problem?.reason).toContain(`${path.join(m.root, 'certs', 'key.pem')} is missing`);
  });

  it('npipe:// is a Windows pipe: fine on win32, a clear problem elsewhere', () => {
    const m = machine();
    const win = resolveEndpoint(m.inputs({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }, 'win32'));
    expect(win.endpoint).toEqual({ kind: 'npipe', url: 'npipe:////./pipe/docker_engine', path: '//./pipe/docker_engine' });
    expect(win.problem).toBeNull();
    const linux = resolveEndpoint(m.inputs({ DOCKER_HOST: 'npipe:////./pipe/docker_engine' }));
    expect(linux.problem?.reason).toMatch(/is a Windows named pipe; this is linux/);
  });

  it('ssh:// says plainly that it is not supported yet, with a workaround, and never echoes a password', () => {
    const r = resolveEndpoint(machine().inputs({ DOCKER_HOST: 'ssh://deploy:hunter2@build.example:2222' }));
    expect(r.endpoint).toEqual({ kind: 'ssh', url: 'ssh://deploy@build.example:2222' });
    expect(r.problem?.state).toBe('unreachable');
    expect(r.problem?.reason).toBe('DOCKER_HOST is ssh://deploy@build.example:2222: Vigil does not support ssh:// endpoints yet');
    expect(r.problem?.fix).toMatch(/ssh -nNT -L/);
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('a scheme no Docker client uses is refused by name', () => {
    const r = resolveEndpoint(machine().inputs({ DOCKER_HOST: 'http://localhost:2375' }));
    expect(r.problem?.reason).toMatch(/the scheme http:\/\/ is not one a Docker client can use/);
  });

  it('wins over DOCKER_CONTEXT, and the source says so', () => {
    const r = resolveEndpoint(machine().inputs({ DOCKER_HOST: 'tcp://h:2375', DOCKER_CONTEXT: 'remote' }));
    expect(r.endpoint?.url).toBe('tcp://h:2375');
    expect(r.source).toBe('DOCKER_HOST (it overrides DOCKER_CONTEXT="remote")');
  });
});

describe('docker contexts', () => {

  function writeContext(m: ReturnType<typeof machine>, name: string, host: string, options: { configDir?: string; skipVerify?: boolean; tls?: boolean } = {}) {
    const configDir = options.configDir ?? 'home/.docker';
    // Exactly what `docker context create <name> --docker host=<host>` writes.
    m.write(
      `${configDir}/contexts/meta/${contextHash(name)}/meta.json`,
      JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: host, SkipTLSVerify: options.skipVerify ?? false } } }),
    );
    if (options.tls) {
      for (const f of ['ca.pem', 'cert.pem', 'key.pem']) m.write(`${configDir}/contexts/tls/${contextHash(name)}/docker/${f}`, f);
    }
  }

  it('hashes context names as the docker CLI does', () => {
    expect(contextHash('remote')).toBe(REMOTE_HASH);
  });

  it('DOCKER_CONTEXT → meta.json → Endpoints.docker.Host, with the context TLS material', () => {
    const m = machine();
    writeContext(m, 'remote', 'tcp://10.1.2.3:2376', { tls: true });
    const r = resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'remote' }));
    const tlsDir = path.join(m.home, '.docker', 'contexts', 'tls', REMOTE_HASH, 'docker');
    expect(r.problem).toBeNull();
    expect(r.source).toBe('docker context "remote" (from DOCKER_CONTEXT)');
    expect(r.endpoint).toEqual({
      kind: 'tcp',
      url: 'tcp://10.1.2.3:2376',
      host: '10.1.2.3',
      port: 2376,
      tls: { ca: path.join(tlsDir, 'ca.pem'), cert: path.join(tlsDir, 'cert.pem'), key: path.join(tlsDir, 'key.pem'), verify: true },
    });
  });

  it('currentContext in config.json, and $DOCKER_CONFIG moves the whole folder', async () => {
    const m = machine();
    const sock = await m.socket('colima/docker.sock');
    m.write('home/.docker/config.json', JSON.stringify({ auths: {}, currentContext: 'colima' }));
    writeContext(m, 'colima', `unix://${sock}`);
    const r = resolveEndpoint(m.inputs());
    expect(r.endpoint).toEqual({ kind: 'unix', url: `unix://${sock}`, path: sock });
    expect(r.source).toBe(`docker context "colima" (from ${path.join(m.home, '.docker', 'config.json')})`);
    expect(r.candidates).toEqual([{ endpoint: `unix://${sock}`, source: r.source, exists: true }]);

    m.write('elsewhere/config.json', JSON.stringify({ currentContext: 'lab' }));
    writeContext(m, 'lab', 'tcp://lab:2375', { configDir: 'elsewhere' });
    const moved = resolveEndpoint(m.inputs({ DOCKER_CONFIG: path.join(m.root, 'elsewhere') }));
    expect(moved.endpoint?.url).toBe('tcp://lab:2375');
  });

  it('SkipTLSVerify in the context means TLS without verification', () => {
    const m = machine();
    writeContext(m, 'insecure', 'tcp://h:2376', { skipVerify: true });
    expect(resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'insecure' })).endpoint).toMatchObject({ tls: { ca: null, cert: null, key: null, verify: false } });
  });

  it('"default" means the defaults', () => {
    const m = machine({ '/var/run/docker.sock': 'socket' });
    m.write('home/.docker/config.json', JSON.stringify({ currentContext: 'default' }));
    expect(resolveEndpoint(m.inputs()).endpoint?.url).toBe('unix:///var/run/docker.sock');
    expect(resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'default' })).source).toBe('default socket');
  });

  it('a context that does not exist names the meta.json it looked for', () => {
    const m = machine({ '/var/run/docker.sock': 'socket' });
    const r = resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'nope' }));
    expect(r.endpoint).toBeNull();
    expect(r.problem?.state).toBe('not-found');
    expect(r.problem?.reason).toBe(`docker context "nope" does not exist: ${path.join(m.home, '.docker', 'contexts', 'meta', contextHash('nope'), 'meta.json')} is missing`);
    expect(r.problem?.fix).toMatch(/docker context ls/);
  });

  it('a broken meta.json names the file and what is wrong', () => {
    const m = machine();
    const meta = m.write(`home/.docker/contexts/meta/${contextHash('broken')}/meta.json`, '{"Name":"broken",');
    const r = resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'broken' }));
    expect(r.endpoint).toBeNull();
    expect(r.problem?.reason).toContain(`docker context "broken": ${meta} is not valid JSON (`);

    m.write(`home/.docker/contexts/meta/${contextHash('hostless')}/meta.json`, JSON.stringify({ Name: 'hostless', Endpoints: {} }));
    expect(resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'hostless' })).problem?.reason).toMatch(/has no Endpoints\.docker\.Host/);
  });

  it('an ssh:// context is reported as not supported yet', () => {
    const m = machine();
    writeContext(m, 'remote', 'ssh://me@server');
    const r = resolveEndpoint(m.inputs({ DOCKER_CONTEXT: 'remote' }));
    expect(r.problem?.reason).toBe('docker context "remote" is ssh://me@server: Vigil does not support ssh:// endpoints yet');
  });

  it('an invalid config.json is a warning naming the file; like the docker CLI, the defaults are used', () => {
    const m = machine({ '/var/run/docker.sock': 'socket' });
    const config = m.write('home/.docker/config.json', '{"currentContext": "remote",,}');
    const r = resolveEndpoint(m.inputs());
    expect(r.problem).toBeNull();
    expect(r.endpoint?.url).toBe('unix:///var/run/docker.sock');
    expect(r.warning).toMatch(new RegExp(`^${config.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON \\(.+\\); the docker context in it is ignored$`));

    m.write('home/.docker/config.json', '["not", "an", "object"]');
    expect(resolveEndpoint(m.inputs()).warning).toMatch(/does not hold a JSON object/);
    m.write('home/.docker/config.json', '{"currentContext": 7}');
    expect(resolveEndpoint(m.inputs()).warning).toMatch(/"currentContext" is not a string/);
  });
});

describe('default sockets', () => {
  it('with nothing anywhere: every place looked at, in order, and a not-found problem listing them', () => {
    const m = machine({}, { XDG_RUNTIME_DIR: '/run/user/1000' });
    const r = resolveEndpoint(m.inputs());
    expect(r.candidates.map((c) => [c.endpoint, c.exists])).toEqual([
      ['unix:///var/run/docker.sock', false],
      [`unix://${m.home}/.docker/run/docker.sock`, false],
      [`unix://${m.home}/.docker/desktop/docker.sock`, false],
      ['unix:///run/user/1000/docker.sock', false],
      ['unix:///run/user/1000/podman/podman.sock', false],
      ['unix:///run/podman/podman.sock', false],
    ]);
    expect(r.candidates.map((c) => c.source)).toEqual([
      'default socket',
      'Docker Desktop socket',
      'Docker Desktop socket (older versions)',
      'rootless Docker socket ($XDG_RUNTIME_DIR)',
      'Podman socket (rootless, $XDG_RUNTIME_DIR)',
      'Podman socket (rootful)',
    ]);
    expect(r.endpoint?.url).toBe('unix:///var/run/docker.sock');
    expect(r.problem?.state).toBe('not-found');
    expect(r.problem?.reason).toContain('No Docker or Podman engine found; looked at /var/run/docker.sock, ');
    expect(r.problem?.fix).toMatch(/systemctl start docker/);
  });

  it('without XDG_RUNTIME_DIR the rootless places are not guessed', () => {
    expect(resolveEndpoint(machine().inputs()).candidates).toHaveLength(4);
  });

  it('/var/run/docker.sock comes first when it is there', async () => {
    const m = machine({ '/var/run/docker.sock': 'socket' });
    await m.socket('home/.docker/run/docker.sock');
    const r = resolveEndpoint(m.inputs());
    expect(r.endpoint?.url).toBe('unix:///var/run/docker.sock');
    expect(r.source).toBe('default socket');
    expect(r.candidates.slice(0, 2).map((c) => c.exists)).toEqual([true, true]);
  });

  it('Docker Desktop\'s socket in the home folder, then its older place', async () => {
    const m = machine();
    const older = await m.socket('home/.docker/desktop/docker.sock');
    expect(resolveEndpoint(m.inputs())).toMatchObject({ endpoint: { path: older }, source: 'Docker Desktop socket (older versions)', problem: null });
    const current = await m.socket('home/.docker/run/docker.sock');
    expect(resolveEndpoint(m.inputs())).toMatchObject({ endpoint: { path: current }, source: 'Docker Desktop socket' });
  });

  it('rootless Docker, then Podman (rootless, then rootful)', async () => {
    const m = machine({ '/run/podman/podman.sock': 'socket' });
    const runtime = path.join(m.root, 'xdg');
    expect(resolveEndpoint(m.inputs({ XDG_RUNTIME_DIR: runtime })).source).toBe('Podman socket (rootful)');
    const podman = await m.socket('xdg/podman/podman.sock');
    expect(resolveEndpoint(m.inputs({ XDG_RUNTIME_DIR: runtime }))).toMatchObject({ endpoint: { path: podman }, source: 'Podman socket (rootless, $XDG_RUNTIME_DIR)' });
    const rootless = await m.socket('xdg/docker.sock');
    expect(resolveEndpoint(m.inputs({ XDG_RUNTIME_DIR: runtime }))).toMatchObject({ endpoint: { path: rootless }, source: 'rootless Docker socket ($XDG_RUNTIME_DIR)' });
  });

  it('a live socket wins over a directory in the way; with no socket the thing in the way is chosen (and reported by the service)', async () => {
    const m = machine({ '/var/run/docker.sock': 'directory' });
    expect(resolveEndpoint(m.inputs())).toMatchObject({ endpoint: { path: '/var/run/docker.sock' }, problem: null });
    const desktop = await m.socket('home/.docker/run/docker.sock');
    expect(resolveEndpoint(m.inputs()).endpoint).toMatchObject({ path: desktop });
  });

  it('win32: the docker_engine pipe, then Podman\'s', () => {
    const probe = (present: string[]): FsProbe => ({ kind: (p) => (present.includes(p) ? 'socket' : 'missing'), readText: () => null });
    const inputs = (present: string[]): EndpointInputs => ({ env: {}, home: 'C:\\Users\\ana', platform: 'win32', fs: probe(present) });
    const none = resolveEndpoint(inputs([]));
    expect(none.candidates.map((c) => c.endpoint)).toEqual(['npipe:////./pipe/docker_engine', 'npipe:////./pipe/podman-machine-default']);
    expect(none.problem?.fix).toMatch(/Docker Desktop/);
    expect(resolveEndpoint(inputs(['//./pipe/docker_engine', '//./pipe/podman-machine-default'])).endpoint).toEqual({ kind: 'npipe', url: 'npipe:////./pipe/docker_engine', path: '//./pipe/docker_engine' });
    expect(resolveEndpoint(inputs(['//./pipe/podman-machine-default']))).toMatchObject({ endpoint: { path: '//./pipe/podman-machine-default' }, source: 'Podman machine named pipe', problem: null });
  });

  it('win32 contexts live under %USERPROFILE%\\.docker', () => {
    const seen: string[] = [];
    const probe: FsProbe = { kind: () => 'missing', readText: (p) => (seen.push(p), null) };
    resolveEndpoint({ env: { DOCKER_CONTEXT: 'remote' }, home: 'C:\\Users\\ana', platform: 'win32', fs: probe });
    expect(seen).toEqual([`C:\\Users\\ana\\.docker\\contexts\\meta\\${REMOTE_HASH}\\meta.json`]);
  });
});
