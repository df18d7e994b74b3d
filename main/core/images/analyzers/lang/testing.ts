// Test helpers for the language analyzers (imported by *.test.ts only).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { expect } from 'vitest';
import { packageRecordSchema, type PackageRecord } from '../../../../../shared/model/package';
import type { Analyzer, AnalyzerOutput, EntryFacts } from '../analyzer';
import { HEAD_BYTES } from '../analyzer';

/** Runs a command; stdout, or null if it is missing or fails. */
export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string | null {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, input: opts.input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) return null;
  return r.stdout;
}

/** stdout whatever the exit status (tools that report problems through it, like `npm ls`). */
export function runAnyStatus(cmd: string, args: string[], opts: { cwd?: string } = {}): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.error ? '' : r.stdout;
}

export function runOrThrow(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export function hasCommand(cmd: string): boolean {
  if (cmd.startsWith('/')) return existsSync(cmd);
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).status === 0;
}

/** 'run' when present; when absent, 'fail' under CI (.ci/run must provide it) and 'skip' elsewhere. */
export function gate(present: boolean): 'run' | 'skip' | 'fail' {
  if (present) return 'run';
  return process.env.CI ? 'fail' : 'skip';
}

export function entry(path: string, content: Buffer | string, mode = 0o644): { entry: EntryFacts; content: Buffer } {
  const buf = typeof content === 'string' ? Buffer.from(content) : content;
  return { entry: { path, size: buf.length, mode }, content: buf };
}

/** wants() with the head the walker would pass, then analyze(). */
export async function feed(analyzer: Analyzer, path: string, content: Buffer | string, mode = 0o644): Promise<AnalyzerOutput | null> {
  const e = entry(path, content, mode);
  if (!analyzer.wants(e.entry, e.content.subarray(0, HEAD_BYTES))) return null;
  const out = await analyzer.analyze(e.entry, e.content);
  for (const p of out.packages ?? []) expectValidRecord(p);
  return out;
}

export function expectValidRecord(p: PackageRecord): void {
  expect(packageRecordSchema.parse(p)).toEqual(p);
  expect(p.purl.startsWith(`pkg:${p.type}/`)).toBe(true);
  expect(p.sourceName).toBeNull();
  expect(p.sourceVersion).toBeNull();
  expect(p.installedBy).toBeNull();
  expect(p.path.startsWith('/')).toBe(false);
}
