// bench:trail — the operation trail at 100,000 rows: appending through the repository against a
// raw batched insert of the same rows (the limit), and paging/filtering through the RpcServer
// against the bare SQL query (the limit). Prints ratios; both sides are measured in this run.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { createCore } from '../main/core/app-core';
import { openStore } from '../main/core/store/database';
import { TrailRepository, type NewTrailEntry } from '../main/core/trail/trail-repository';

const ROWS = 100_000;
const BATCH = 1000;

function rows(): NewTrailEntry[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    actor: `user${i % 17}`,
    role: 'administrator' as const,
    transport: i % 2 ? 'web' : 'ipc',
    operation: ['images.scan', 'policy.update', 'vuln.ignore', 'cluster.protect'][i % 4]!,
    writes: 'local',
    input: JSON.stringify({ image: `registry.local/app-${i % 500}:v${i % 9}` }),
    outcome: i % 50 ? ('ok' as const) : ('failed' as const),
    error: i % 50 ? null : 'engine unreachable',
    taskId: null,
  }));
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main() {
  const data = rows();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-'));

  // Limit: raw prepared INSERT in 1,000-row transactions into the same schema.
  const rawStore = openStore(path.join(base, 'raw'));
  const raw = rawStore.db.prepare(
    'INSERT INTO operation_trail (at, actor, role, transport, operation, writes, input, outcome, error, task_id) VALUES (?,?,?,?,?,?,?,?,?,?)',
  );
  const rawTx = rawStore.db.transaction((batch: NewTrailEntry[]) => {
    for (const r of batch) raw.run(r.at, r.actor, r.role, r.transport, r.operation, r.writes, r.input, r.outcome, r.error, r.taskId);
  });
  const [, rawMs] = time(() => {
    for (let i = 0; i < ROWS; i += BATCH) rawTx(data.slice(i, i + BATCH));
  });

  const home = path.join(base, 'repo');
  const store = openStore(home);
  const repo = new TrailRepository(store.db);
  const [, repoMs] = time(() => {
    for (let i = 0; i < ROWS; i += BATCH) repo.appendMany(data.slice(i, i + BATCH));
  });
  store.db.close();

  // Paging: the last page, newest-first and filtered, through the RpcServer vs bare SQL.
  const core = createCore({ dataDir: home });
  const caller = { role: 'read-only' as const, transport: 'internal' as const, actor: 'bench' };
  const queries = [
    { offset: ROWS - 100, limit: 100 },
    { offset: 0, limit: 100, filter: 'app-42:' },
    { offset: 500, limit: 100, outcome: 'failed' as const },
  ];
  const direct = new Database(path.join(home, 'vigil.db'), { readonly: true });
  const results: { name: string; rpc: number; sql: number }[] = [];
  for (const q of queries) {
    const rpcTimes: number[] = [];
    const sqlTimes: number[] = [];
    for (let i = 0; i < 7; i++) {
      const [res, ms] = await timeAsync(() => core.server.call(caller, 'trail.list', q));
      if (!res.ok) throw new Error(res.error.message);
      rpcTimes.push(ms);
      const where = q.filter ? "WHERE input LIKE '%app-42:%'" : q.outcome ? "WHERE outcome = 'failed'" : '';
      sqlTimes.push(
        time(() => {
          direct.prepare(`SELECT count(*) FROM operation_trail ${where}`).get();
          direct.prepare(`SELECT * FROM operation_trail ${where} ORDER BY id DESC LIMIT ${q.limit} OFFSET ${q.offset}`).all();
        })[1],
      );
    }
    results.push({ name: JSON.stringify(q), rpc: median(rpcTimes), sql: median(sqlTimes) });
  }
  direct.close();
  await core.close();
  rawStore.db.close();
  fs.rmSync(base, { recursive: true, force: true });

  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`bench:trail (${ROWS.toLocaleString()} rows)`);
  console.log(`  append via repository   ${fmt(repoMs)}  (${Math.round(ROWS / (repoMs / 1000)).toLocaleString()} rows/s)`);
  console.log(`  raw batched insert      ${fmt(rawMs)}  (limit)`);
  console.log(`  ratio                   ${(repoMs / rawMs).toFixed(2)}x  (goal ≤ 1.5x)`);
  for (const r of results) {
    console.log(`  page ${r.name}`);
    console.log(`    through RpcServer ${fmt(r.rpc)}, bare SQL ${fmt(r.sql)} (limit), ratio ${(r.rpc / r.sql).toFixed(2)}x`);
  }
}

void main();
