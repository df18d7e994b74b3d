// Automatic scans against the real engine: a new image is scanned by itself, and the daily run
// rescans every stored image; both go through the RpcServer, so they are tasks and in the trail.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importImage, removeImage, uniqueTag } from '../../../tests/support/docker-images';
import { requireDocker } from '../../../tests/support/environment';
import { waitUntil } from '../../../tests/support/wait-until';
import { createCore, type Core } from '../app-core';
import { ScanScheduler } from './scan-scheduler';

const docker = requireDocker();

describe.skipIf(!docker.available)('scan scheduler', () => {
  let dir: string;
  let core: Core;
  const tag = uniqueTag('new-image-scan');
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sched-'));
    core = createCore({ dataDir: dir, schedule: true, env: process.env });
  });
  afterAll(async () => {
    await core.close();
    removeImage(tag);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const scans = () => core.tasks.list({ includeFinished: true, limit: 50 }).filter((t) => t.operation === 'images.scan');

  it('scans an image when it appears in the engine', async () => {
    // Give the event feed a moment to connect, then make an image appear.
    await waitUntil(async () => (await core.docker.status()).state === 'connected', 10_000);
    await new Promise((r) => setTimeout(r, 500));
    const id = importImage(tag, { 'etc/os-release': 'ID=alpine\nVERSION_ID=3.19.1\n', 'lib/apk/db/installed': 'P:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\n' });
    // Other tests may add images meanwhile: wait for this image's own scan.
    const get = () => core.server.call({ role: 'read-only', transport: 'internal', actor: 't' }, 'images.get', { imageId: id });
    await waitUntil(async () => (await get()).ok, 30_000, 'the new image scanned');
    const list = await get();
    expect(list.ok).toBe(true);
    const value = (list as { value: { scans: { trigger: string; packages: number }[]; osInfo: { family: string } } }).value;
    expect(value.scans[0]).toMatchObject({ trigger: 'new-image', packages: 1 });
    expect(value.osInfo.family).toBe('alpine');
    const trail = await core.server.call({ role: 'read-only', transport: 'internal', actor: 't' }, 'trail.list', { filter: 'images.scan' });
    expect((trail as { value: { rows: { actor: string }[] } }).value.rows.some((r) => r.actor === 'scheduler')).toBe(true);
  });

  it('the daily run rescans every stored image', async () => {
    const scheduler = new ScanScheduler(core.server, core.store, core.docker);
    const before = scans().length;
    const started = await scheduler.runDaily();
    expect(started.length).toBeGreaterThanOrEqual(1);
    await waitUntil(() => scans().length >= before + started.length && scans().every((t) => t.state !== 'running'), 30_000);
    expect(scans().filter((t) => started.includes(t.id)).every((t) => t.state === 'succeeded')).toBe(true);
  });
});
