// DockerService against things on Unix sockets that this test controls: a fake engine, servers
// that are not Docker, a stale socket, a regular file, nothing at all.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contracts/errors';
import type { DockerChange } from '../../../shared/model/docker';
import { waitUntil } from '../../../tests/support/wait-until';
import { DockerService } from './docker-service';
import { eventLine, FakeEngine, PODMAN_VERSION, startHttpServer, startRawServer, tempDir } from './fake-engine.testkit';

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

function place(): { dir: string; sock: string } {
  const dir = tempDir();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { dir, sock: path.join(dir, 'engine.sock') };
}

const fast = { pingTimeoutMs: 2000, requestTimeoutMs: 3000, listTimeoutMs: 5000, reconnectInitialMs: 20, reconnectMaxMs: 200 };

function service(sock: string, home: string, timing: Partial<typeof fast> = {}): DockerService {
  const docker = new DockerService({ env: { DOCKER_HOST: `unix://${sock}` }, home, platform: 'linux', timing: { ...fast, ...timing } });
  cleanups.push(() => docker.close());
  return docker;
}

async function engine(sock: string, state: Parameters<typeof FakeEngine.start>[1] = {}): Promise<FakeEngine> {
  const e = await FakeEngine.start(sock, state);
  cleanups.push(() => e.stop());
  return e;
}

describe('status: something that is not Docker', () => {
  it('an HTTP server answering 404: not-docker, saying what it answered', async () => {
    const { dir, sock } = place();
    const server = await startHttpServer(sock, 404, '<html><body>Not Found</body></html>');
    cleanups.push(() => server.close());
    const status = await service(sock, dir).status();
    expect(status).toMatchObject({ state: 'not-docker', endpoint: `unix://${sock}`, source: 'DOCKER_HOST', engine: null });
    expect(status.reason).toBe(`the socket ${sock} answered GET /_ping with HTTP 404: <html><body>Not Found</body></html>; a Docker engine answers 200 there`);
    expect(status.fix).toMatch(/point DOCKER_HOST/);
  });

  it('an HTTP server answering 200 with a web page: not-docker (its /_ping is not "OK")', async () => {
    const { dir, sock } = place();
    const server = await startHttpServer(sock, 200, '<!doctype html><title>Welcome to nginx!</title>');
    cleanups.push(() => server.close());
    const status = await service(sock, dir).status();
    expect(status.state).toBe('not-docker');
    expect(status.reason).toBe(`unix://${sock} answered GET /_ping with "<!doctype html><title>Welcome to nginx!</title>" instead of "OK": it is not a Docker engine`);
  });

  it('a server saying OK to everything: /version gives it away', async () => {
    const { dir, sock } = place();
    const server = await startHttpServer(sock, 200, 'OK', 'text/plain');
    cleanups.push(() => server.close());
    const status = await service(sock, dir).status();
    expect(status.state).toBe('not-docker');
    expect(status.reason).toBe(`unix://${sock} answered /_ping, but its GET /version is not an engine's (OK): it is not a Docker engine`);
  });

  it('a raw server writing garbage: not-docker, not HTTP', async () => {
    const { dir, sock } = place();
    const server = await startRawServer(sock, 'SSH-2.0-OpenSSH_9.2p1 Debian-2\r\nxx\u0000\u0001');
    cleanups.push(() => server.close());
    const status = await service(sock, dir).status();
    expect(status.state).toBe('not-docker');
    expect(status.reason).toMatch(new RegExp(`^the socket ${sock.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} answered GET /_ping with something that is not HTTP \\(Parse Error`));
  });

  it('a server that accepts and never answers: unreachable after the ping deadline', async () => {
    const { dir, sock } = place();
    const server = await startRawServer(sock, null);
    cleanups.push(() => server.close());
    const started = Date.now();
    const status = await service(sock, dir, { pingTimeoutMs: 400 }).status();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(status).toMatchObject({ state: 'unreachable', reason: `the socket ${sock} did not answer GET /_ping within 0.4 s` });
  });
});

describe('status: nothing to talk to', () => {
  it('no socket at the path: not-found', async () => {
    const { dir, sock } = place();
    const status = await service(sock, dir).status();
    expect(status).toMatchObject({ state: 'not-found', endpoint: `unix://${sock}`, candidates: [{ endpoint: `unix://${sock}`, source: 'DOCKER_HOST', exists: false }] });
    expect(status.reason).toBe(`There is no socket at ${sock}: the engine is not running or uses another path`);
    expect(status.fix).toMatch(/systemctl start docker/);
  });

  it('a regular file where the socket should be: a clear reason', async () => {
    const { dir, sock } = place();
    fs.writeFileSync(sock, 'not a socket');
    const status = await service(sock, dir).status();
    expect(status.state).toBe('not-found');
    expect(status.reason).toBe(`${sock} is a regular file, not a socket: no engine is listening there (a stale file, or the wrong path)`);
    expect(status.candidates[0]!.exists).toBe(true);
  });

  it('a socket left behind by a killed engine: unreachable, nothing listening', async () => {
    const { dir, sock } = place();
    const child = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(sock)})`], { stdio: 'ignore' });
    cleanups.push(() => void child.kill('SIGKILL'));
    await waitUntil(() => fs.existsSync(sock), 10_000, 'the child to listen');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    const status = await service(sock, dir).status();
    expect(status).toMatchObject({ state: 'unreachable', reason: `the socket ${sock} exists but nothing is listening on it: the engine is stopped, or this socket was left behind by a crash` });
  });

  it('ssh:// is reported, not attempted', async () => {
    const { dir } = place();
    const docker = new DockerService({ env: { DOCKER_HOST: 'ssh://me@server' }, home: dir, platform: 'linux' });
    cleanups.push(() => docker.close());
    expect(await docker.status()).toMatchObject({ state: 'unreachable', endpoint: 'ssh://me@server', reason: 'DOCKER_HOST is ssh://me@server: Vigil does not support ssh:// endpoints yet' });
  });

  it('a broken context meta.json: the status names the file, nothing crashes', async () => {
    const { dir } = place();
    const { contextHash } = await import('./docker-context');
    const meta = path.join(dir, '.docker', 'contexts', 'meta', contextHash('lab'), 'meta.json');
    fs.mkdirSync(path.dirname(meta), { recursive: true });
    fs.writeFileSync(meta, '{not json');
    fs.writeFileSync(path.join(dir, '.docker', 'config.json'), JSON.stringify({ currentContext: 'lab' }));
    const docker = new DockerService({ env: {}, home: dir, platform: 'linux' });
    cleanups.push(() => docker.close());
    const status = await docker.status();
    expect(status.state).toBe('not-found');
    expect(status.endpoint).toBeNull();
    expect(status.reason).toContain(`${meta} is not valid JSON`);
    await expect(docker.listImages({ offset: 0, limit: 10, includeUntagged: true })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringContaining(meta) });
  });
});

describe('status of an engine', () => {
  it('connected: product, version, storage driver; cached until refreshed', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock);
    const docker = service(sock, dir);
    const status = await docker.status();
    expect(status).toMatchObject({
      state: 'connected',
      reason: null,
      fix: null,
      engine: { product: 'Docker', version: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64', storageDriver: 'overlay2' },
    });
    const asked = fake.requests.length;
    expect(await docker.status()).toBe(status);
    expect(fake.requests.length).toBe(asked);
    const again = await docker.status(true);
    expect(again).not.toBe(status);
    expect(fake.requests.length).toBeGreaterThan(asked);
  });

  it('Podman is recognised by its components', async () => {
    const { dir, sock } = place();
    await engine(sock, { version: PODMAN_VERSION, info: {} });
    expect((await service(sock, dir).status()).engine).toMatchObject({ product: 'Podman', version: '4.3.1', storageDriver: null });
  });

  it('concurrent callers share one check', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock);
    const docker = service(sock, dir);
    const results = await Promise.all([docker.status(true), docker.status(true), docker.status()]);
    expect(new Set(results).size).toBe(1);
    expect(fake.requests.filter((r) => r === 'GET /_ping')).toHaveLength(1);
  });
});

describe('lists', () => {
  const images = [
    { Id: 'sha256:aaa', RepoTags: ['alpine:3.20'], RepoDigests: ['alpine@sha256:d1'], Created: 1_700_000_000, Size: 7_000_000, Containers: -1 },
    { Id: 'sha256:bbb', RepoTags: ['<none>:<none>'], RepoDigests: ['<none>@<none>'], Created: 1_600_000_000, Size: 1_000, Containers: -1 },
    { Id: 'sha256:ccc', RepoTags: ['nginx:1.27', 'web:latest'], RepoDigests: [], Created: 1_650_000_000, Size: 180_000_000, Containers: -1 },
  ];
  const containers = [
    { Id: 'c1', Names: ['/web'], Image: 'nginx:1.27', ImageID: 'sha256:ccc', Command: 'nginx', Created: 1_700_000_100, State: 'running', Status: 'Up', Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }] },
    { Id: 'c2', Names: ['/old'], Image: 'nginx:1.27', ImageID: 'sha256:ccc', Command: 'nginx', Created: 1_700_000_000, State: 'exited', Status: 'Exited (0)', Ports: [] },
  ];

  it('images: tags, digests, sizes, dates, container counts; untagged on request; paged, sorted, filtered', async () => {
    const { dir, sock } = place();
    await engine(sock, { images, containers });
    const docker = service(sock, dir);
    const all = await docker.listImages({ offset: 0, limit: 10, includeUntagged: true, sort: { field: 'created', direction: 'desc' } });
    expect(all.total).toBe(3);
    expect(all.rows.map((i) => i.id)).toEqual(['sha256:aaa', 'sha256:ccc', 'sha256:bbb']);
    expect(all.rows[1]).toEqual({ id: 'sha256:ccc', repoTags: ['nginx:1.27', 'web:latest'], repoDigests: [], size: 180_000_000, created: '2022-04-15T05:20:00.000Z', containers: 2 });
    expect(all.rows[2]).toMatchObject({ repoTags: [], repoDigests: [], containers: 0 });

    const tagged = await docker.listImages({ offset: 0, limit: 10, includeUntagged: false, sort: { field: 'repository', direction: 'asc' } });
    expect(tagged.rows.map((i) => i.repoTags[0])).toEqual(['alpine:3.20', 'nginx:1.27']);
    expect((await docker.listImages({ offset: 0, limit: 10, includeUntagged: true, filter: 'WEB' })).rows.map((i) => i.id)).toEqual(['sha256:ccc']);
    expect(await docker.listImages({ offset: 1, limit: 1, includeUntagged: true, sort: { field: 'size', direction: 'asc' } })).toMatchObject({ total: 3, rows: [{ id: 'sha256:aaa' }] });
  });

  it('containers: running only or all', async () => {
    const { dir, sock } = place();
    await engine(sock, { images, containers });
    const docker = service(sock, dir);
    expect((await docker.listContainers({ offset: 0, limit: 10, all: false })).rows.map((c) => c.name)).toEqual(['web']);
    const all = await docker.listContainers({ offset: 0, limit: 10, all: true, sort: { field: 'name', direction: 'asc' } });
    expect(all.rows.map((c) => [c.name, c.state])).toEqual([['old', 'exited'], ['web', 'running']]);
    expect(all.rows[1]!.ports).toEqual([{ privatePort: 80, publicPort: 8080, ip: '0.0.0.0', type: 'tcp' }]);
  });

  it('no engine: RpcError unavailable with the reason', async () => {
    const { dir, sock } = place();
    const docker = service(sock, dir);
    const error = await docker.listImages({ offset: 0, limit: 10, includeUntagged: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({ code: 'unavailable', message: `There is no socket at ${sock}: the engine is not running or uses another path (unix://${sock}, DOCKER_HOST)` });
    await expect(docker.listContainers({ offset: 0, limit: 10, all: true })).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('an engine that started after a failed check is found by the next list', async () => {
    const { dir, sock } = place();
    const docker = service(sock, dir);
    expect((await docker.status()).state).toBe('not-found');
    await engine(sock, { images });
    expect((await docker.listImages({ offset: 0, limit: 10, includeUntagged: true })).total).toBe(3);
  });

  it('an engine that accepts a list request and never answers: unavailable after the list deadline', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock, { images });
    fake.hang.add('/images/json');
    const docker = service(sock, dir, { listTimeoutMs: 300 });
    await expect(docker.listImages({ offset: 0, limit: 10, includeUntagged: true })).rejects.toMatchObject({
      code: 'unavailable',
      message: `Could not list images: the socket ${sock} did not answer GET /images/json within 0.3 s`,
    });
    expect((await docker.status()).state).toBe('connected');
  });

  it('an engine that went away after the check: unavailable, and listeners hear of it', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock, { images });
    const docker = service(sock, dir);
    expect((await docker.status()).state).toBe('connected');
    const changes: DockerChange[] = [];
    docker.onChange((c) => changes.push(c));
    await waitUntil(() => changes.some((c) => c.kind === 'status'), 5000, 'the feed to go live');
    await fake.stop();
    await expect(docker.listImages({ offset: 0, limit: 10, includeUntagged: true })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/There is no socket at/) });
    await waitUntil(() => changes.some((c) => c.kind === 'status' && c.action === 'not-found'), 5000, 'a not-found status change');
  });
});

describe('changes', () => {
  it('image and container events, from chunks split anywhere and garbage between them', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock);
    const docker = service(sock, dir);
    const changes: DockerChange[] = [];
    const stop = docker.onChange((c) => changes.push(c));
    await waitUntil(() => fake.openEventStreams === 1 && changes.some((c) => c.kind === 'status' && c.action === 'connected'), 5000, 'the feed to go live');
    expect(fake.requests).toContain('GET /events?filters=%7B%22type%22%3A%5B%22image%22%2C%22container%22%5D%7D');

    const stream = eventLine('image', 'tag', 'sha256:aaa') + 'garbage that is not json\n' + eventLine('network', 'connect', 'n1') + eventLine('container', 'create', 'c1') + eventLine('container', 'exec_start: sh', 'c1') + eventLine('image', 'delete', 'sha256:aaa');
    const bytes = Buffer.from(stream);
    for (let i = 0; i < bytes.length; i += 37) fake.writeEvents(bytes.subarray(i, i + 37));
    await waitUntil(() => changes.filter((c) => c.kind !== 'status').length >= 3, 5000, 'three changes');
    expect(changes.filter((c) => c.kind !== 'status')).toEqual([
      { kind: 'image', action: 'tag', id: 'sha256:aaa', at: '2026-01-02T03:04:05.678Z' },
      { kind: 'container', action: 'create', id: 'c1', at: '2026-01-02T03:04:05.678Z' },
      { kind: 'image', action: 'delete', id: 'sha256:aaa', at: '2026-01-02T03:04:05.678Z' },
    ]);
    stop();
    await waitUntil(() => fake.openConnections === 0, 5000, 'the event stream connection to close');
    expect(fake.openEventStreams).toBe(0);
  });

  it('the engine restarts: status drops, comes back, the feed reconnects and events flow again', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock);
    const docker = service(sock, dir);
    const changes: DockerChange[] = [];
    docker.onChange((c) => changes.push(c));
    await waitUntil(() => fake.openEventStreams === 1, 5000, 'the feed to open');

    await fake.stop();
    await waitUntil(() => changes.some((c) => c.kind === 'status' && c.action === 'not-found'), 5000, 'the drop to be announced');
    expect((await docker.status()).state).toBe('not-found');

    await fake.listen();
    await waitUntil(() => fake.openEventStreams === 1, 5000, 'the feed to reconnect');
    const statuses = changes.filter((c) => c.kind === 'status').map((c) => c.action);
    await waitUntil(() => changes.filter((c) => c.kind === 'status').at(-1)?.action === 'connected', 5000, 'connected to be announced');
    expect(statuses.slice(0, 2)).toEqual(['connected', 'not-found']);
    expect((await docker.status()).state).toBe('connected');

    fake.writeEvents(eventLine('image', 'pull', 'sha256:new'));
    await waitUntil(() => changes.some((c) => c.kind === 'image' && c.action === 'pull'), 5000, 'an event after the restart');
  });

  it('the stream starts with the first listener and stops after the last; close() leaves no connection', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock);
    const docker = service(sock, dir);
    const a = docker.onChange(() => undefined);
    const b = docker.onChange(() => undefined);
    await waitUntil(() => fake.openEventStreams === 1, 5000, 'one feed');
    a();
    a(); // twice is harmless
    expect(fake.openEventStreams).toBe(1);
    b();
    await waitUntil(() => fake.openConnections === 0, 5000, 'the feed to close');

    docker.onChange(() => undefined);
    await waitUntil(() => fake.openEventStreams === 1, 5000, 'a new feed');
    docker.close();
    await waitUntil(() => fake.openConnections === 0, 5000, 'close() to close it');
    expect((await docker.status(true)).reason).toBe('Vigil is shutting down');
  });

  it('a listener that throws does not stop the others', async () => {
    const { dir, sock } = place();
    const fake = await engine(sock);
    const docker = service(sock, dir);
    const seen: DockerChange[] = [];
    docker.onChange(() => {
      throw new Error('bad listener');
    });
    docker.onChange((c) => seen.push(c));
    await waitUntil(() => fake.openEventStreams === 1, 5000, 'the feed');
    fake.writeEvents(eventLine('container', 'start', 'c9'));
    await waitUntil(() => seen.some((c) => c.id === 'c9'), 5000, 'the event');
  });
});
