// DockerService against the real engine (DOCKER_HOST in CI, the default socket here): an image
// made offline with `docker import`, a container made from it with `docker create`, and the
// changes Docker reports when they are tagged and removed. Skips locally without an engine;
// fails in CI.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contracts';
import type { DockerChange, LocalImage } from '../../../shared/model/docker';
import type { Page } from '../../../shared/model/paging';
import { importImage, removeImage, uniqueTag } from '../../../tests/support/docker-images';
import { requireDocker } from '../../../tests/support/environment';
import { waitUntil } from '../../../tests/support/wait-until';
import { RpcServer } from '../rpc/rpc-server';
import { TaskManager } from '../tasks/task-manager';
import { registerDockerHandlers } from './docker-handlers';
import { DockerService } from './docker-service';

const engine = requireDocker();

function dockerCli(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

describe.skipIf(!engine.available)('DockerService against the real engine', () => {
  const tag = uniqueTag('docker-service');
  const secondTag = `${tag}-again`;
  const containerName = `vigil-test-${randomBytes(4).toString('hex')}`;
  let imageId = '';
  let containerId = '';
  let service: DockerService;

  beforeAll(() => {
    imageId = importImage(tag, { 'hello.txt': 'hello from vigil\n', 'etc/os-release': 'ID=vigil-test\n' });
    containerId = dockerCli('create', '--name', containerName, '--network', 'none', '--label', 'vigil-test=1', tag, '/hello.txt', 'arg');
    service = new DockerService();
  });

  afterAll(() => {
    service?.close();
    try {
      dockerCli('rm', '-f', containerName);
    } catch {
      // removed by the test
    }
    removeImage(secondTag);
    removeImage(tag);
  });

  it('is connected, says to what and why', async () => {
    const status = await service.status(true);
    expect(status.state).toBe('connected');
    expect(status.engine?.version).toBe(dockerCli('version', '--format', '{{.Server.Version}}'));
    expect(['Docker', 'Docker Desktop', 'Podman']).toContain(status.engine?.product);
    expect(status.endpoint).toMatch(/^(unix|tcp|npipe):\/\//);
    expect(status.candidates.length).toBeGreaterThan(0);
  });

  it('lists the imported image with its tag, size, date and container count', async () => {
    const page = await service.listImages({ offset: 0, limit: 10, includeUntagged: true, filter: tag });
    expect(page.total).toBe(1);
    const image = page.rows[0]!;
    expect(image.id).toBe(imageId);
    expect(image.repoTags).toEqual([tag]);
    expect(image.repoDigests).toEqual([]); // imported, never pushed or pulled
    expect(image.size).toBe(Number(dockerCli('image', 'inspect', '--format', '{{.Size}}', tag)));
    expect(image.size).toBeGreaterThan(0);
    expect(Date.parse(image.created)).toBeGreaterThan(Date.now() - 10 * 60_000);
    expect(image.containers).toBe(1);
  });

  it('lists the created container (all) and leaves it out of running-only', async () => {
    const all = await service.listContainers({ offset: 0, limit: 10, all: true, filter: containerName });
    expect(all.total).toBe(1);
    expect(all.rows[0]).toMatchObject({
      id: containerId,
      name: containerName,
      image: tag,
      imageId,
      command: '/hello.txt arg',
      state: 'created',
      ports: [],
    });
    const running = await service.listContainers({ offset: 0, limit: 10, all: false, filter: containerName });
    expect(running.total).toBe(0);
  });

  it('serves docker.images.list through the RpcServer', async () => {
    const server = new RpcServer(contract, { trail: { assertWritable() {}, append() {} }, tasks: new TaskManager(null) });
    registerDockerHandlers(server, service);
    const result = await server.call({ role: 'read-only', transport: 'internal', actor: 'test' }, 'docker.images.list', { filter: tag, sort: { field: 'size', direction: 'desc' } });
    expect(result.ok).toBe(true);
    const page = (result as { ok: true; value: Page<LocalImage> }).value;
    expect(page.rows.map((r) => r.id)).toEqual([imageId]);
  });

  it('reports image and container changes as they happen', async () => {
    const changes: DockerChange[] = [];
    const stop = service.onChange((c) => changes.push(c));
    try {
      await waitUntil(() => changes.some((c) => c.kind === 'status' && c.action === 'connected'), 15_000, 'the feed to go live');

      dockerCli('tag', tag, secondTag);
      // Other test files may use the engine meanwhile: look for this image's events only.
      await waitUntil(() => changes.some((c) => c.kind === 'image' && c.action === 'tag' && c.id === imageId), 15_000, 'a tag event for the image');

      dockerCli('rmi', secondTag);
      await waitUntil(() => changes.some((c) => c.kind === 'image' && c.action === 'untag' && c.id === imageId), 15_000, 'an untag event for the image');

      dockerCli('rm', containerName);
      await waitUntil(() => changes.some((c) => c.kind === 'container' && c.action === 'destroy' && c.id === containerId), 15_000, 'a destroy event');
      for (const c of changes) expect(Number.isNaN(Date.parse(c.at))).toBe(false);
    } finally {
      stop();
    }
  });
});
