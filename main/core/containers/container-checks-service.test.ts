// The container checks on the real engine: one container per risky start option, created with
// the docker CLI exactly as a user would, then inspected and checked through the service.
// Options this engine refuses to start (--privileged, --cap-add ALL need capabilities some
// sandboxes lack) are checked on the created container, which docker inspect describes alike.
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeImage, uniqueTag } from '../../../tests/support/docker-images';
import { requireDocker, strict } from '../../../tests/support/environment';
import type { ContainerCheckReport } from '../../../shared/contracts/containers';
import { DockerService } from '../docker/docker-service';
import { ContainerChecksService } from './container-checks-service';
import { hasGo, importIdleImage } from './idle-image.testkit';

const docker = requireDocker();
if (docker.available && !hasGo()) {
  if (strict) throw new Error('Go toolchain (golang-go): missing — required in CI to build the test image, so this is a failure, not a skip');
  console.warn('[skip] Go toolchain: missing (apt-get install golang-go)');
}
const ready = docker.available && hasGo();

const NNP = ['--security-opt', 'no-new-privileges'];

/** Start options, and exactly which checks must fail for each. */
const cases: { name: string; args: string[]; failed: string[]; network?: string }[] = [
  { name: 'plain', args: [...NNP, '--cap-drop', 'ALL'], failed: [] },
  { name: 'no-nnp', args: [], failed: ['no-new-privileges'] },
  { name: 'privileged', args: [...NNP, '--privileged'], failed: ['privileged'] },
  { name: 'cap-sys-admin', args: [...NNP, '--cap-add', 'SYS_ADMIN'], failed: ['capabilities'] },
  { name: 'cap-all', args: [...NNP, '--cap-add', 'ALL'], failed: ['capabilities'] },
  { name: 'seccomp', args: [...NNP, '--security-opt', 'seccomp=unconfined'], failed: ['seccomp'] },
  { name: 'host-root', args: [...NNP, '-v', '/:/host:ro'], failed: ['host-mounts', 'runtime-socket'] },
  { name: 'docker-sock', args: [...NNP, '-v', '/var/run/docker.sock:/var/run/docker.sock'], failed: ['runtime-socket'] },
  { name: 'etc-hosts', args: [...NNP, '-v', '/etc/hosts:/etc/hosts:ro'], failed: [] },
  { name: 'pid-host', args: [...NNP, '--pid', 'host'], failed: ['host-pid'] },
  { name: 'ipc-host', args: [...NNP, '--ipc', 'host'], failed: ['host-ipc'] },
  { name: 'net-host', args: [...NNP], network: 'host', failed: ['host-network'] },
];

describe.skipIf(!ready)('container checks on the real engine', () => {
  const image = uniqueTag('idle');
  const run = Date.now().toString(36);
  const ids = new Map<string, string>();
  const started = new Map<string, boolean>();
  let engine: DockerService;
  let service: ContainerChecksService;
  let reports: ContainerCheckReport[];

  beforeAll(() => {
    importIdleImage(image);
    for (const c of cases) {
      const name = `vigil-check-${c.name}-${run}`;
      const id = execFileSync('docker', ['create', '--name', name, '--label', 'vigil-test=container-checks', '--network', c.network ?? 'none', ...c.args, image], { encoding: 'utf8' }).trim();
      ids.set(c.name, id);
      const start = spawnSync('docker', ['start', id], { encoding: 'utf8' });
      started.set(c.name, start.status === 0);
      if (start.status !== 0) console.warn(`[note] this engine refused to start the ${c.name} container (${start.stderr.trim().replace(/\s+/g, ' ')}); it is checked as created`);
    }
    engine = new DockerService({ env: process.env });
    service = new ContainerChecksService(() => engine.api(), () => ({ safeMounts: [], blockedImages: [] }));
  }, 600_000);

  afterAll(() => {
    engine?.close();
    if (ids.size) spawnSync('docker', ['rm', '-f', ...ids.values()], { stdio: 'pipe' });
    removeImage(image);
  });

  it('lists every running container with its results', async () => {
    reports = await service.checkRunning();
    for (const c of cases) {
      const report = reports.find((r) => r.id === ids.get(c.name));
      if (!started.get(c.name)) {
        expect(report).toBeUndefined();
        continue;
      }
      expect(report, c.name).toBeDefined();
      expect(report!.state).toBe('running');
      expect(report!.image).toBe(image);
      expect(report!.results).toHaveLength(10);
    }
    // The plain container (and the ones that must pass) must be among those that ran.
    expect(started.get('plain')).toBe(true);
    expect(started.get('etc-hosts')).toBe(true);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s fails exactly the checks it should', async (_name, c) => {
    const report = started.get(c.name) ? reports.find((r) => r.id === ids.get(c.name))! : await service.checkOne(ids.get(c.name)!);
    const failed = report.results.filter((r) => r.status === 'failed').map((r) => r.id);
    expect(failed.sort()).toEqual([...c.failed].sort());
    expect(report.failed).toBe(c.failed.length);
    if (c.failed.length === 0) expect(report.worst).toBeNull();
  });

  it('names the evidence of real start options', async () => {
    const byName = async (name: string) => (started.get(name) ? reports.find((r) => r.id === ids.get(name))! : await service.checkOne(ids.get(name)!));
    const caps = (await byName('cap-sys-admin')).results.find((r) => r.id === 'capabilities')!;
    expect(caps).toMatchObject({ severity: 'critical', cis: { item: '5.4' }, alert: { name: '容器安全选项' } });
    expect(caps.evidence[0]).toMatch(/^CAP_SYS_ADMIN added/);
    const root = (await byName('host-root')).results.find((r) => r.id === 'host-mounts')!;
    expect(root).toMatchObject({ severity: 'critical', alert: { name: '容器挂载目录' } });
    expect(root.evidence[0]).toContain('/ → /host (read-only)');
    const sock = (await byName('docker-sock')).results.find((r) => r.id === 'runtime-socket')!;
    expect(sock).toMatchObject({ cis: { item: '5.32' }, severity: 'critical' });
    const pid = (await byName('pid-host')).results.find((r) => r.id === 'host-pid')!;
    expect(pid).toMatchObject({ alert: { name: '容器命名空间' }, cis: { item: '5.16' } });
  });

  it('blocks the image by repository, by glob and by ID', async () => {
    const repository = image.split(':')[0]!;
    const imageId = execFileSync('docker', ['image', 'inspect', '--format', '{{.Id}}', image], { encoding: 'utf8' }).trim();
    for (const entry of [repository, 'vigil-test/idle*', imageId.slice(0, 19)]) {
      const blocking = new ContainerChecksService(() => engine.api(), () => ({ safeMounts: [], blockedImages: [entry] }));
      const report = await blocking.checkOne(ids.get('plain')!);
      const block = report.results.find((r) => r.id === 'image-block-list')!;
      expect(block.status, entry).toBe('failed');
      expect(block.alert.name).toBe('容器镜像阻断');
    }
  });

  it('a safe mount from the user list passes', async () => {
    const lenient = new ContainerChecksService(() => engine.api(), () => ({ safeMounts: ['/'], blockedImages: [] }));
    const report = await lenient.checkOne(ids.get('host-root')!);
    expect(report.results.find((r) => r.id === 'host-mounts')!.status).toBe('passed');
  });

  it('says not_found for a container that does not exist', async () => {
    await expect(service.checkOne('vigil-no-such-container')).rejects.toMatchObject({ code: 'not_found' });
  });
});
