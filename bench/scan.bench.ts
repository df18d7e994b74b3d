// bench:scan — a real image built during the bench from this Debian machine's own package
// database (dpkg status and file lists, ~500 packages), its Python dist-packages, shared
// libraries and Go binaries, and this project's node_modules tree (real npm packages), loaded
// into the real Docker engine and saved as a docker-save tarball. Prints: cold scan, the time to
// read the same layers (the limit), their ratio, warm rescan, matching rate, peak memory.
//
// Not yet what issue 4 asks for: a debootstrap minbase + a few hundred packages image. This one is
// of the same kind (real dpkg + npm inventories) and is built in seconds offline.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCore } from '../main/core/app-core';
import { ImageScanner } from '../main/core/scan/image-scanner';
import { measureMatching } from '../main/core/vulndb/measure-matching';
import { VulnDb } from '../main/core/vulndb/vulndb';

const fixtures = process.env.VIGIL_FIXTURES ?? path.resolve(__dirname, '../../shared/fixtures');
const TAG = 'vigil-bench/scan:latest';

function task() {
  const controller = new AbortController();
  return { id: 'bench', signal: controller.signal, progress: () => undefined, throwIfCancelled: () => undefined };
}

async function readLimit(file: string): Promise<number> {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    fs.createReadStream(file, { highWaterMark: 1 << 20 }).on('data', () => undefined).on('end', resolve).on('error', reject);
  });
  return performance.now() - start;
}

async function main() {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-bench-scan-'));
  const rootTar = path.join(base, 'rootfs.tar');
  const saved = path.join(base, 'image.tar');
  console.log('bench:scan: building the image …');
  execFileSync('tar', [
    '-cf', rootTar, '--ignore-failed-read', '--warning=no-file-changed',
    '--transform', `s,^${path.resolve('node_modules').slice(1)},app/node_modules,`,
    '/etc/os-release', '/usr/lib/os-release', '/var/lib/dpkg/status', '/var/lib/dpkg/info', '/usr/lib/python3/dist-packages',
    '/usr/lib/x86_64-linux-gnu', '/usr/bin', path.resolve('node_modules'),
  ], { stdio: 'pipe' });
  execFileSync('docker', ['import', rootTar, TAG], { stdio: 'pipe' });
  execFileSync('docker', ['save', '-o', saved, TAG], { stdio: 'pipe' });
  const size = fs.statSync(saved).size;

  const home = path.join(base, 'home');
  const core = createCore({ dataDir: home });
  const imported = await core.server.call({ role: 'administrator', transport: 'internal', actor: 'bench' }, 'vulndb.import', {
    paths: ['advisories/ghsa-npm', 'advisories/go-osv', 'advisories/pypa-osv', 'advisories/alpine-secdb/v3.10'].map((p) => path.join(fixtures, p)),
  });
  if (!imported.ok) throw new Error(imported.error.message);
  const taskId = (imported.value as { taskId: string }).taskId;
  while (core.tasks.get(taskId)?.state === 'running') await new Promise((r) => setTimeout(r, 50));

  const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath });
  const spec = { kind: 'archive' as const, path: saved };
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const limitMs = await readLimit(saved);
  let t = performance.now();
  const cold = await scanner.scan({ spec, refresh: true, trigger: 'cli' }, task());
  const coldMs = performance.now() - t;
  t = performance.now();
  await scanner.scan({ spec, refresh: false, trigger: 'cli' }, task());
  const warmMs = performance.now() - t;
  clearInterval(sampler);

  const db = VulnDb.open(core.vulnDbPath);
  const matching = measureMatching(db, cold.report.packages, { os: cold.report.image.os });
  db.close();
  await core.close();
  execFileSync('docker', ['rmi', '-f', TAG], { stdio: 'pipe' });
  fs.rmSync(base, { recursive: true, force: true });

  const mib = (n: number) => `${(n / 1048576).toFixed(0)} MiB`;
  const counts = cold.report.packages.reduce<Record<string, number>>((acc, p) => ((acc[p.type] = (acc[p.type] ?? 0) + 1), acc), {});
  console.log(`image: ${mib(size)} docker-save tar, ${cold.report.packages.length} packages (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}), ${cold.report.unownedFiles.length} unowned files`);
  console.log(`  cold scan                 ${coldMs.toFixed(0)} ms`);
  console.log(`  read the same layers      ${limitMs.toFixed(0)} ms  (limit)`);
  console.log(`  ratio                     ${(coldMs / limitMs).toFixed(2)}x  (goal ≤ 1.5x)`);
  console.log(`  warm rescan               ${warmMs.toFixed(0)} ms  (goal < 100 ms)`);
  console.log(`  matching                  ${Math.round(matching.packagesPerSecond).toLocaleString()} package checks/s  (goal > 100,000/s; ${matching.checked} checked, ${matching.matches} matches)`);
  console.log(`  peak memory (RSS)         ${mib(peak)}  (goal < 300 MiB for a 1 GiB image)`);
}

void main();
