// The docker.* operations through a real RpcServer (validation, output contract, streams),
// backed by a fake engine on a Unix socket so that the rows are known.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contracts';
import type { DockerChange, LocalImage } from '../../../shared/model/docker';
import type { Page } from '../../../shared/model/paging';
import { waitUntil } from '../../../tests/support/wait-until';
import type { Caller } from '../rpc/caller';
import { RpcServer } from '../rpc/rpc-server';
import { TaskManager } from '../tasks/task-manager';
import { registerDockerHandlers } from './docker-handlers';
import { DockerService } from './docker-service';
import { eventLine, FakeEngine, tempDir } from './fake-engine.testkit';

const auditor: Caller = { role: 'read-only', transport: 'internal', actor: 'test' };
const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const images = Array.from({ length: 25 }, (_, i) => ({
  Id: `sha256:${String(i).padStart(2, '0')}${'0'.repeat(62)}`,
  RepoTags: i % 5 === 4 ? ['<none>:<none>'] : [`team/app-${String(i).padStart(2, '0')}:1.${i}`],
  RepoDigests: [],
  Created: 1_700_000_000 + i * 3600,
  Size: (i * 7919) % 1000,
  Containers: -1,
}));

async function setup(withEngine = true) {
  const dir = tempDir();
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sock = path.join(dir, 'engine.sock');
  if (withEngine) {
    const fake = await FakeEngine.start(sock, { images });
    cleanups.push(() => fake.stop());
  }
  const docker = new DockerService({ env: { DOCKER_HOST: `unix://${sock}` }, home: dir, platform: 'linux', timing: { reconnectInitialMs: 20 } });
  cleanups.push(() => docker.close());
  const server = new RpcServer(contract, { trail: { assertWritable() {}, append() {} }, tasks: new TaskManager(null) });
  registerDockerHandlers(server, docker);
  const call = async <T>(name: string, input: unknown): Promise<T> => {
    const result = await server.call(auditor, name, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as T;
  };
  return { server, call, sock };
}

describe('docker handlers', () => {
  it('implement every docker.* operation of the contract', async () => {
    const { server } = await setup(false);
    expect(server.missing().filter((name) => name.startsWith('docker.'))).toEqual([]);
  });

  it('docker.images.list pages, sorts and filters, with the contract defaults', async () => {
    const { call } = await setup();
    const first = await call<Page<LocalImage>>('docker.images.list', {});
    expect(first.total).toBe(25); // includeUntagged defaults to true, limit to 100
    expect(first.rows).toHaveLength(25);

    const page = await call<Page<LocalImage>>('docker.images.list', { offset: 5, limit: 5, sort: { field: 'created', direction: 'desc' } });
    expect(page.total).toBe(25);
    expect(page.rows.map((r) => r.created)).toEqual([19, 18, 17, 16, 15].map((i) => new Date((1_700_000_000 + i * 3600) * 1000).toISOString()));

    const tagged = await call<Page<LocalImage>>('docker.images.list', { includeUntagged: false, limit: 3, sort: { field: 'repository', direction: 'asc' } });
    expect(tagged.total).toBe(20);
    expect(tagged.rows.map((r) => r.repoTags[0])).toEqual(['team/app-00:1.0', 'team/app-01:1.1', 'team/app-02:1.2']);

    const bySize = await call<Page<LocalImage>>('docker.images.list', { sort: { field: 'size', direction: 'desc' } });
    const sizes = bySize.rows.map((r) => r.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));

    const filtered = await call<Page<LocalImage>>('docker.images.list', { filter: 'APP-1' });
    expect(filtered.rows.map((r) => r.repoTags[0])).toEqual(['team/app-10:1.10', 'team/app-11:1.11', 'team/app-12:1.12', 'team/app-13:1.13', 'team/app-15:1.15', 'team/app-16:1.16', 'team/app-17:1.17', 'team/app-18:1.18']);

    const untaggedLast = await call<Page<LocalImage>>('docker.images.list', { sort: { field: 'repository', direction: 'asc' } });
    expect(untaggedLast.rows.slice(-5).every((r) => r.repoTags.length === 0)).toBe(true);
  });

  it('refuses input outside the contract', async () => {
    const { call } = await setup();
    await expect(call('docker.images.list', { limit: 0 })).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(call('docker.images.list', { sort: { field: 'colour' } })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('docker.status and docker.containers.list', async () => {
    const { call, sock } = await setup();
    expect(await call('docker.status', undefined)).toMatchObject({ state: 'connected', endpoint: `unix://${sock}`, source: 'DOCKER_HOST' });
    expect(await call('docker.containers.list', {})).toEqual({ rows: [], total: 0 });
  });

  it('without an engine: status says why, lists fail as unavailable', async () => {
    const { call } = await setup(false);
    expect(await call('docker.status', { refresh: true })).toMatchObject({ state: 'not-found' });
    await expect(call('docker.images.list', {})).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/There is no socket at/) });
  });

  it('docker.changes streams changes that match the contract until unsubscribed', async () => {
    const dir = tempDir();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const sock = path.join(dir, 'engine.sock');
    const fake = await FakeEngine.start(sock);
    cleanups.push(() => fake.stop());
    const docker = new DockerService({ env: { DOCKER_HOST: `unix://${sock}` }, home: dir, platform: 'linux' });
    cleanups.push(() => docker.close());
    const server = new RpcServer(contract, { trail: { assertWritable() {}, append() {} }, tasks: new TaskManager(null) });
    registerDockerHandlers(server, docker);

    const got: DockerChange[] = [];
    const errors: unknown[] = [];
    const sub = server.subscribe(auditor, 'docker.changes', undefined, { next: (v) => got.push(v as DockerChange), error: (e) => errors.push(e) });
    if (!sub.ok) throw new Error(sub.error.message);
    await waitUntil(() => fake.openEventStreams === 1 && got.some((c) => c.kind === 'status'), 5000, 'the feed');
    fake.writeEvents(eventLine('container', 'die', 'c1'));
    await waitUntil(() => got.some((c) => c.kind === 'container'), 5000, 'the change');
    expect(got.find((c) => c.kind === 'container')).toEqual({ kind: 'container', action: 'die', id: 'c1', at: '2026-01-02T03:04:05.678Z' });
    expect(errors).toEqual([]);
    sub.value();
    await waitUntil(() => fake.openConnections === 0, 5000, 'the feed to close');
  });
});
