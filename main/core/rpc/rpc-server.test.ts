import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineOperation } from '../../../shared/contracts/operation';
import { openStore } from '../store/database';
import { TaskManager } from '../tasks/task-manager';
import { TrailRepository, type NewTrailEntry } from '../trail/trail-repository';
import { waitUntil } from '../../../tests/support/wait-until';
import type { Caller } from './caller';
import { RpcServer, type TrailSink } from './rpc-server';

const testContract = {
  'test.echo': defineOperation({ name: 'test.echo', kind: 'query', summary: 'echo', input: z.object({ text: z.string().min(1), count: z.number().int().min(1) }), output: z.object({ text: z.string() }) }),
  'test.write': defineOperation({ name: 'test.write', kind: 'mutation', writes: 'docker', summary: 'write', input: z.object({ name: z.string(), password: z.string().optional() }), output: z.object({ done: z.boolean() }) }),
  'test.fail': defineOperation({ name: 'test.fail', kind: 'mutation', writes: 'policy', summary: 'fails', input: z.object({}), output: z.object({}) }),
  'test.admin': defineOperation({ name: 'test.admin', kind: 'mutation', writes: 'local', adminOnly: true, summary: 'admin', input: z.object({}), output: z.object({}) }),
  'test.lie': defineOperation({ name: 'test.lie', kind: 'query', summary: 'wrong output', input: z.object({}), output: z.object({ n: z.number() }) }),
  'test.slow': defineOperation({ name: 'test.slow', kind: 'task', writes: 'local', summary: 'slow', input: z.object({ steps: z.number().int() }), output: z.object({ steps: z.number() }) }),
  'test.ticks': defineOperation({ name: 'test.ticks', kind: 'stream', summary: 'ticks', input: z.object({ start: z.number() }), output: z.number() }),
} as const;

const admin: Caller = { role: 'administrator', transport: 'internal', actor: 'alice' };
const full: Caller = { role: 'full-access', transport: 'web', actor: 'bob' };
const auditor: Caller = { role: 'read-only', transport: 'web', actor: 'carol' };

let dir: string;
let trail: TrailRepository;
let stopTicks = 0;

function build(sink?: TrailSink) {
  const store = openStore(dir);
  trail = new TrailRepository(store.db);
  const tasks = new TaskManager(null);
  const server = new RpcServer(testContract, { trail: sink ?? { assertWritable() {}, append: (e: NewTrailEntry) => void trail.append(e) }, tasks });
  server
    .implement('test.echo', (input) => ({ text: input.text.repeat(input.count) }))
    .implement('test.write', () => ({ done: true }))
    .implement('test.fail', () => {
      throw new Error('policy store is on fire');
    })
    .implement('test.admin', () => ({}))
    .implement('test.lie', () => ({ n: 'not a number' }) as unknown as { n: number })
    .implement('test.slow', {
      title: (input) => `slow ${input.steps}`,
      run: async (input, task) => {
        for (let i = 0; i < input.steps; i++) {
          task.throwIfCancelled();
          task.progress(i / input.steps, `step ${i}`);
          await new Promise((r) => setTimeout(r, 5));
        }
        return { steps: input.steps };
      },
    })
    .implement('test.ticks', (input, emit) => {
      let n = input.start;
      const timer = setInterval(() => emit(n++), 2);
      return () => {
        stopTicks++;
        clearInterval(timer);
      };
    });
  return { server, tasks, db: store.db };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-rpc-'));
  stopTicks = 0;
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('RpcServer', () => {
  it('validates input and names the offending field', async () => {
    const { server } = build();
    const result = await server.call(admin, 'test.echo', { text: '', count: 1.5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    expect(result.error.message).toContain('test.echo');
    expect(result.error.message).toContain('text:');
    expect(result.error.message).toContain('count:');
    const issues = (result.error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(issues).toEqual(['text', 'count']);
    expect(await server.call(admin, 'test.echo', { text: 'ab', count: 2 })).toEqual({ ok: true, value: { text: 'abab' } });
  });

  it('refuses unknown operations and streams called as requests', async () => {
    const { server } = build();
    expect(await server.call(admin, 'nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await server.call(admin, 'toString', {})).toMatchObject({ ok: false, error: { code: 'unknown_operation' } });
    expect(await server.call(admin, 'test.ticks', { start: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses every writing operation to read-only callers, and admin-only ones to full access', async () => {
    const { server } = build();
    for (const op of ['test.write', 'test.fail', 'test.admin', 'test.slow'] as const) {
      const result = await server.call(auditor, op, { name: 'x', steps: 1 });
      expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await server.call(auditor, 'test.echo', { text: 'a', count: 1 })).toMatchObject({ ok: true });
    expect(await server.call(full, 'test.write', { name: 'x' })).toMatchObject({ ok: true });
    expect(await server.call(full, 'test.admin', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await server.call(admin, 'test.admin', {})).toMatchObject({ ok: true });
    // refused calls change nothing, so they are not in the trail
    expect(trail.list({ offset: 0, limit: 50 }).rows.map((r) => r.operation)).toEqual(['test.admin', 'test.write']);
  });

  it('records writing operations, success and failure, with secrets removed, and never reads', async () => {
    const { server } = build();
    await server.call(full, 'test.write', { name: 'nginx', password: 'hunter2' });
    const failed = await server.call(admin, 'test.fail', {});
    expect(failed).toEqual({ ok: false, error: { code: 'internal', message: 'policy store is on fire' } });
    await server.call(admin, 'test.echo', { text: 'a', count: 1 });
    const rows = trail.list({ offset: 0, limit: 10, sort: { field: 'at', direction: 'asc' } }).rows;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ operation: 'test.write', actor: 'bob', role: 'full-access', transport: 'web', writes: 'docker', outcome: 'ok', error: null });
    expect(JSON.parse(rows[0]!.input)).toEqual({ name: 'nginx', password: '***' });
    expect(rows[1]).toMatchObject({ operation: 'test.fail', outcome: 'failed', error: 'policy store is on fire', writes: 'policy' });
  });

  it('refuses writing operations when the trail cannot be written', async () => {
    const { server } = build({
      assertWritable() {
        throw new Error('disk full');
      },
      append() {},
    });
    expect(await server.call(admin, 'test.write', { name: 'x' })).toMatchObject({ ok: false, error: { code: 'internal', message: 'disk full' } });
    expect(await server.call(admin, 'test.echo', { text: 'a', count: 1 })).toMatchObject({ ok: true });
  });

  it('rejects a handler result that breaks its contract', async () => {
    const { server } = build();
    const result = await server.call(admin, 'test.lie', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!result.ok) expect(result.error.message).toContain('does not match its contract');
  });

  it('runs tasks with progress, records start and end, and keeps the error envelope', async () => {
    const { server, tasks } = build();
    const updates: number[] = [];
    tasks.subscribe((t) => t.progress !== null && updates.push(t.progress));
    const started = await server.call(admin, 'test.slow', { steps: 20 });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { taskId } = started.value as { taskId: string };
    await waitUntil(() => tasks.get(taskId)?.state === 'succeeded');
    expect(tasks.get(taskId)).toMatchObject({ state: 'succeeded', progress: 1, result: { steps: 20 }, title: 'slow 20' });
    expect(updates.length).toBeGreaterThan(1);
    await waitUntil(() => trail.list({ offset: 0, limit: 10 }).total === 2);
    const rows = trail.list({ offset: 0, limit: 10, sort: { field: 'at', direction: 'asc' } }).rows;
    expect(rows.map((r) => [r.outcome, r.taskId])).toEqual([
      ['started', taskId],
      ['ok', taskId],
    ]);
  });

  it('cancels a running task', async () => {
    const { server, tasks } = build();
    const started = await server.call(admin, 'test.slow', { steps: 10_000 });
    if (!started.ok) throw new Error('did not start');
    const { taskId } = started.value as { taskId: string };
    await waitUntil(() => (tasks.get(taskId)?.progress ?? 0) > 0);
    expect(tasks.cancel(taskId)).toBe(true);
    await waitUntil(() => tasks.get(taskId)?.state !== 'running');
    expect(tasks.get(taskId)?.state).toBe('cancelled');
    expect(tasks.cancel(taskId)).toBe(false);
    await waitUntil(() => trail.list({ offset: 0, limit: 10 }).total === 2);
    expect(trail.list({ offset: 0, limit: 1 }).rows[0]).toMatchObject({ outcome: 'failed', taskId });
  });

  it('streams values until unsubscribed, validates input, and refuses read-only writes on streams too', async () => {
    const { server } = build();
    const values: number[] = [];
    const sub = server.subscribe(auditor, 'test.ticks', { start: 5 }, { next: (v) => values.push(v as number), error: () => {} });
    expect(sub.ok).toBe(true);
    if (!sub.ok) return;
    await waitUntil(() => values.length >= 3);
    sub.value();
    sub.value(); // twice is harmless
    const seen = values.length;
    await new Promise((r) => setTimeout(r, 20));
    expect(values.length).toBe(seen);
    expect(values.slice(0, 3)).toEqual([5, 6, 7]);
    expect(stopTicks).toBe(1);
    const bad = server.subscribe(admin, 'test.ticks', { start: 'x' }, { next: () => {}, error: () => {} });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('lists operations that are declared but not implemented', () => {
    const tasks = new TaskManager(null);
    const server = new RpcServer(testContract, { trail: { assertWritable() {}, append() {} }, tasks });
    server.implement('test.echo', () => ({ text: '' }));
    expect(server.missing()).toContain('test.write');
    expect(server.missing()).not.toContain('test.echo');
    expect(() => server.implement('test.echo', () => ({ text: '' }))).toThrow(/twice/);
  });
});
