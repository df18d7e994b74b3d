// The scan pipeline on real data: the Alpine 3.10 docker-save tarball against the real Alpine
// advisories, through the RpcServer as the UI calls it, and from the real Docker engine.
import { TaskRepository } from '../tasks/task-repository';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TaskInfo } from '../../../shared/model/task';
import { fixturesDir, requireDocker, requireFixtures } from '../../../tests/support/environment';
import { waitUntil } from '../../../tests/support/wait-until';
import { createCore, type Core } from '../app-core';
import type { Analyzer } from '../images/analyzers/analyzer';
import { defaultAnalyzers } from '../images/analyzers/default-analyzers';
import { analyzerKey } from '../images/layers/analyze-layer';
import { FindingsRepository } from './findings-repository';
import { ImageScanner } from './image-scanner';
import { LayerCache } from './layer-cache';
import { imageConfig, legacySave, makeTar, sha256 } from '../images/sources/image-archive.testkit';

const fixtures = requireFixtures();
const docker = requireDocker();
const admin = { role: 'administrator' as const, transport: 'internal' as const, actor: 'test' };

let dir: string;
let core: Core;
const tarball = () => path.join(fixturesDir, 'images/alpine-310.tar.gz');

async function runTask(op: 'images.scan' | 'vulndb.import', input: unknown): Promise<TaskInfo> {
  const started = await core.server.call(admin, op, input);
  if (!started.ok) throw new Error(started.error.message);
  const { taskId } = started.value as { taskId: string };
  await waitUntil(() => core.tasks.get(taskId)?.state !== 'running', 60_000, `task ${op}`);
  return core.tasks.get(taskId)!;
}

function task() {
  const controller = new AbortController();
  return { id: 't', signal: controller.signal, progress: () => undefined, throwIfCancelled: () => undefined };
}

describe.skipIf(!fixtures.available)('image scan pipeline', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-scan-'));
    core = createCore({ dataDir: dir, env: { DOCKER_HOST: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' } });
    const imported = await runTask('vulndb.import', { paths: [path.join(fixturesDir, 'advisories/vuln-list-alpine-3.10')] });
    expect(imported.state, imported.error?.message).toBe('succeeded');
  });
  afterAll(async () => {
    await core.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds exactly the 20 package findings (11 CVEs) of alpine-310, and not the boundary ones', async () => {
    const done = await runTask('images.scan', { spec: { kind: 'archive', path: tarball() } });
    expect(done.state, done.error?.message).toBe('succeeded');
    // Other windows find a running scan of a row by its subject, in memory and in the stored history.
    expect(done.subject).toBe(`archive:${tarball()}`);
    expect(new TaskRepository(core.store.db()).recent(10).find((t) => t.id === done.id)?.subject).toBe(`archive:${tarball()}`);
    const { imageId, scan } = done.result as { imageId: string; scan: { packages: number; counts: Record<string, number> } };
    expect(imageId).toBe('sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e');
    expect(scan.packages).toBe(14);
    const list = await core.server.call(admin, 'vulnerabilities.list', { imageId, limit: 100 });
    if (!list.ok) throw new Error(list.error.message);
    const rows = (list.value as { rows: { vulnId: string; packageName: string; fixedVersion: string; layerIndex: number; fixState: string }[] }).rows;
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.vulnId)).size).toBe(11);
    expect(rows.map((r) => r.vulnId)).not.toContain('CVE-2019-14697');
    expect(rows.map((r) => r.vulnId)).not.toContain('CVE-2019-1551');
    expect(rows.find((r) => r.vulnId === 'CVE-2020-1967' && r.packageName === 'libssl1.1')).toMatchObject({ fixedVersion: '1.1.1g-r0', fixState: 'fixed', layerIndex: 0 });
    expect(rows.filter((r) => r.packageName === 'apk-tools').map((r) => r.vulnId).sort()).toEqual(['CVE-2021-30139', 'CVE-2021-36159']);
  });

  it('reads a layer once: a rescan comes from the layer cache, refresh reads it again', async () => {
    let calls = 0;
    const counting: Analyzer[] = defaultAnalyzers().map((a) => ({ ...a, wants: a.wants.bind(a), analyze: (e, c) => (calls++, a.analyze(e, c)) }));
    const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath, analyzers: counting });
    const spec = { kind: 'archive' as const, path: tarball() };
    // The first test already cached this layer; refresh reads it anyway.
    await scanner.scan({ spec, refresh: true, trigger: 'manual' }, task());
    const first = calls;
    expect(first).toBeGreaterThan(0);
    const again = await scanner.scan({ spec, refresh: false, trigger: 'manual' }, task());
    expect(calls).toBe(first);
    expect(again.report.vulnerabilities).toHaveLength(20);
    await scanner.scan({ spec, refresh: true, trigger: 'manual' }, task());
    expect(calls).toBe(first * 2);
  });

  it('a plain .tar is read in place and hashes only the unowned files, later: the same files and hashes as the streamed .tar.gz', async () => {
    const plain = path.join(dir, 'alpine-310-plain.tar');
    fs.writeFileSync(plain, gunzipSync(fs.readFileSync(tarball())));
    const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath });
    // The vulnerability scan alone: malware engines read (and so hash) every file anyway
    const scanners = ['vuln' as const];
    const streamed = await scanner.scan({ spec: { kind: 'archive', path: tarball() }, refresh: true, trigger: 'manual', scanners }, task());
    const inPlace = await scanner.scan({ spec: { kind: 'archive', path: plain }, refresh: true, trigger: 'manual', scanners }, task());
    expect(streamed.report.unownedFiles.length).toBeGreaterThan(5);
    for (const f of inPlace.report.unownedFiles) expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(inPlace.report.unownedFiles).toEqual(streamed.report.unownedFiles);
    // The layer cache kept what was filled in: a rescan from it shows the same hashes
    const cached = await scanner.scan({ spec: { kind: 'archive', path: plain }, refresh: false, trigger: 'manual', scanners }, task());
    expect(cached.report.unownedFiles).toEqual(streamed.report.unownedFiles);
    const layer = new LayerCache(core.store.db()).get(inPlace.report.image.layers[0]!.diffId, analyzerKey(defaultAnalyzers()))!;
    const unowned = new Set(inPlace.report.unownedFiles.map((f) => f.path));
    expect(layer.files.filter((f) => unowned.has(f.path)).every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    // owned files nothing read were never hashed (package databases were, being read): their content offsets are kept instead
    const owned = layer.files.filter((f) => !unowned.has(f.path) && f.size > 0);
    const unhashed = owned.filter((f) => f.sha256 === '');
    expect(unhashed.length).toBeGreaterThan(owned.length / 2);
    expect(unhashed.every((f) => typeof f.offset === 'number')).toBe(true);
  });

  it('ignores for one image or all, with expiry and undo, and records all four in the trail', async () => {
    const imageId = 'sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e';
    const count = async () => ((await core.server.call(admin, 'vulnerabilities.list', { imageId })) as { value: { total: number } }).value.total;
    expect(await count()).toBe(20);
    const one = await core.server.call(admin, 'ignores.add', { vulnId: 'CVE-2020-1967', imageId, reason: 'not reachable in this service' });
    expect(one.ok).toBe(true);
    expect(await count()).toBe(18);
    const expiry = new Date(Date.now() + 3_600_000).toISOString();
    const all = await core.server.call(admin, 'ignores.add', { vulnId: 'CVE-2021-3450', imageId: null, reason: 'accepted risk', expiresAt: expiry });
    expect(all.ok).toBe(true);
    expect(await count()).toBe(16);
    // After the expiry the rule stops hiding anything, by itself.
    const later = new FindingsRepository(core.store.db()).list({ imageId, includeIgnored: false, offset: 0, limit: 100 }, new Date(Date.now() + 7_200_000));
    expect(later.total).toBe(18);
    const marked = await core.server.call(admin, 'vulnerabilities.list', { imageId, includeIgnored: true, limit: 100 });
    const rows = (marked as { value: { rows: { vulnId: string; ignored: { scope: string; reason: string } | null }[] } }).value.rows;
    expect(rows.filter((r) => r.ignored).map((r) => [r.vulnId, r.ignored!.scope]).sort()).toEqual([
      ['CVE-2020-1967', 'this-image'],
      ['CVE-2020-1967', 'this-image'],
      ['CVE-2021-3450', 'all-images'],
      ['CVE-2021-3450', 'all-images'],
    ]);
    for (const added of [one, all]) {
      const removed = await core.server.call(admin, 'ignores.remove', { id: (added as { value: { id: number } }).value.id });
      expect(removed.ok).toBe(true);
    }
    expect(await count()).toBe(20);
    const trail = await core.server.call(admin, 'trail.list', { filter: 'ignores.' });
    const ops = (trail as { value: { rows: { operation: string; input: string }[] } }).value.rows.map((r) => `${r.operation} ${JSON.parse(r.input).imageId === null ? 'all' : 'one'}`);
    expect(ops.filter((o) => o.startsWith('ignores.add')).sort()).toEqual(['ignores.add all', 'ignores.add one']);
    expect(ops.filter((o) => o.startsWith('ignores.remove'))).toHaveLength(2);
    const bad = await core.server.call(admin, 'ignores.add', { vulnId: 'CVE-1', imageId: null, reason: '  ' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('exports the last scan in every format', async () => {
    const imageId = 'sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e';
    for (const format of ['json', 'sarif', 'cyclonedx', 'spdx', 'table'] as const) {
      const res = await core.server.call(admin, 'images.export', { imageId, format });
      expect(res.ok, format).toBe(true);
      const content = (res as { value: { content: string } }).value.content;
      expect(content).toContain('libssl1.1');
      if (format !== 'table') expect(() => JSON.parse(content)).not.toThrow();
    }
  });

  it.skipIf(!docker.available)('scans the same image from the real Docker engine', async () => {
    execFileSync('docker', ['load', '-i', tarball()], { stdio: 'pipe' });
    const done = await runTask('images.scan', { spec: { kind: 'docker', ref: 'alpine:3.10' } });
    expect(done.state, done.error?.message).toBe('succeeded');
    expect((done.result as { imageId: string }).imageId).toBe('sha256:af341ccd2df8b0e2d67cf8dd32e087bfda4e5756ebd1c76bbf3efa0dc246590e');
    const list = await core.server.call(admin, 'images.list', { filter: 'alpine' });
    const row = (list as { value: { rows: { inEngine: boolean; lastScan: { counts: { unknown: number } } | null }[] } }).value.rows[0]!;
    expect(row.inEngine).toBe(true);
    expect(row.lastScan?.counts.unknown).toBe(20);
  });

  it('a scan of a damaged tarball fails with a clear error and keeps what was stored', async () => {
    const bad = path.join(dir, 'broken.tar.gz');
    fs.writeFileSync(bad, Buffer.concat([fs.readFileSync(tarball()).subarray(0, 50_000)]));
    const done = await runTask('images.scan', { spec: { kind: 'archive', path: bad } });
    expect(done.state).toBe('failed');
    expect(done.error?.message).toMatch(/broken\.tar\.gz/);
    const list = await core.server.call(admin, 'vulnerabilities.list', {});
    expect((list as { value: { total: number } }).value.total).toBe(20);
  });

  it('a .tar.gz is read once: its layers are analysed as they pass, before the manifest at its end says which they are', async () => {
    const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath });
    const scanners = ['vuln' as const];
    const plain = path.join(dir, 'alpine-310-once.tar');
    fs.writeFileSync(plain, gunzipSync(fs.readFileSync(tarball())));
    const expected = await scanner.scan({ spec: { kind: 'archive', path: plain }, refresh: true, trigger: 'manual', scanners }, task());
    const opened = vi.spyOn(fs, 'createReadStream');
    try {
      const once = await scanner.scan({ spec: { kind: 'archive', path: tarball() }, refresh: true, trigger: 'manual', scanners }, task());
      expect(opened.mock.calls.filter(([file]) => file === tarball())).toHaveLength(1);
      expect(once.report.packages).toEqual(expected.report.packages);
      expect(once.report.unownedFiles).toEqual(expected.report.unownedFiles);
      expect(once.report.vulnerabilities).toHaveLength(20);
    } finally {
      opened.mockRestore();
    }

    // A layer that is not what the config says: what was read early matches no diffID, so the
    // layer is looked for once more, and is refused
    const layer = await makeTar([{ name: 'etc/motd', content: 'hello\n' }]);
    const wrongDiffId = `sha256:${'4'.repeat(64)}`;
    const wrong = path.join(dir, 'wrong-diffid.tar.gz');
    fs.writeFileSync(wrong, gzipSync((await legacySave([layer], { config: imageConfig([wrongDiffId]) })).tar));
    await expect(scanner.scan({ spec: { kind: 'archive', path: wrong }, refresh: true, trigger: 'manual', scanners }, task())).rejects.toThrow(`the uncompressed layer does not match its diffID ${wrongDiffId}`);
  });

  it('a plain .tar whose layer does not match its diffID fails once the digest worker says so, and caches nothing of it', async () => {
    const layer = await makeTar([{ name: 'etc/os-release', content: 'ID=debian\nVERSION_ID=12\n' }, { name: 'big', content: Buffer.alloc(6 * 1024 * 1024, 3) }]);
    const wrongDiffId = `sha256:${'2'.repeat(64)}`;
    const saved = await legacySave([layer], { config: imageConfig([wrongDiffId]) });
    const file = path.join(dir, 'wrong-diffid.tar');
    fs.writeFileSync(file, saved.tar);
    const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath });
    await expect(scanner.scan({ spec: { kind: 'archive', path: file }, refresh: true, trigger: 'manual', scanners: ['vuln'] }, task())).rejects.toThrow(
      `the uncompressed layer does not match its diffID ${wrongDiffId} (it hashes to ${sha256(layer)})`,
    );
    expect(new LayerCache(core.store.db()).get(wrongDiffId, analyzerKey(defaultAnalyzers()))).toBeNull();
  });
});
