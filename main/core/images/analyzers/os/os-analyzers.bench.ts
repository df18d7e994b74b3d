// bench: the OS analyzers on real inputs and on pathological text. Each row prints the median
// time and its ratio to a limit measured in the same run on the same bytes (DESIGN.md §8):
// for the text formats, splitting the text into lines (the least any line parser must do); for
// the rpm databases, copying the file once. Run: npx tsx main/core/images/analyzers/os/os-analyzers.bench.ts
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Analyzer } from '../analyzer';
import { apkInstalledAnalyzer } from './apk-installed';
import { dpkgFileListAnalyzer } from './dpkg-file-list';
import { dpkgStatusAnalyzer } from './dpkg-status';
import { osReleaseAnalyzer } from './os-release';
import { rpmDatabaseAnalyzer } from './rpm-database';
import { fileFromDockerSave, imageFixture, rpmdbFixture } from './testing';

function median(fn: () => void, rounds = 15): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[rounds >> 1]!;
}

const rows: string[][] = [['input', 'size', 'items', 'median ms', 'limit ms', 'ratio']];

function bench(label: string, analyzer: Analyzer, file: string, contents: Buffer[], limit: () => void): void {
  let items = 0;
  const ms = median(() => {
    items = 0;
    for (const c of contents) {
      const out = analyzer.analyze({ path: file, size: c.length, mode: 0o644 }, c) as ReturnType<typeof analyzer.analyze> & { packages?: unknown[]; ownedPaths?: unknown[] };
      items += out.packages?.length ?? out.ownedPaths?.length ?? 0;
    }
  });
  const lim = median(limit);
  const size = contents.reduce((n, c) => n + c.length, 0);
  rows.push([label, `${(size / 1024).toFixed(0)} KiB`, String(items), ms.toFixed(2), lim.toFixed(2), (ms / Math.max(lim, 0.001)).toFixed(1)]);
}

const splitLines = (contents: Buffer[]) => () => {
  for (const c of contents) c.toString('utf8').split('\n');
};
const copy = (contents: Buffer[]) => () => {
  for (const c of contents) Buffer.from(c);
};

async function main(): Promise<void> {
  if (existsSync('/var/lib/dpkg/status')) {
    const status = readFileSync('/var/lib/dpkg/status');
    const five = Buffer.from(status.toString('utf8').split('\n\n').slice(0, 500).join('\n\n'));
    bench('dpkg status, 500 packages', dpkgStatusAnalyzer, 'var/lib/dpkg/status', [five], splitLines([five]));
    bench('dpkg status, this machine', dpkgStatusAnalyzer, 'var/lib/dpkg/status', [status], splitLines([status]));
    const info = '/var/lib/dpkg/info';
    const lists = readdirSync(info).filter((f) => f.endsWith('.list')).map((f) => readFileSync(path.join(info, f)));
    bench(`dpkg .list files (${lists.length})`, dpkgFileListAnalyzer, 'var/lib/dpkg/info/x.list', lists, splitLines(lists));
  }
  const alpine = imageFixture('alpine-310.tar.gz');
  if (existsSync(alpine)) {
    const db = (await fileFromDockerSave(readFileSync(alpine), 'lib/apk/db/installed'))!;
    const big = Buffer.from(Array.from({ length: 100 }, () => db.toString('utf8')).join('\n'));
    bench('apk installed ×100', apkInstalledAnalyzer, 'lib/apk/db/installed', [big], splitLines([big]));
  }
  for (const [label, file, fixture] of [
    ['rpm SQLite (Mariner)', 'var/lib/rpm/rpmdb.sqlite', 'cbl-mariner-2.0/rpmdb.sqlite'],
    ['rpm NDB (SLE 15)', 'usr/lib/sysimage/rpm/Packages.db', 'sle15-bci/Packages.db'],
    ['rpm Berkeley DB (libuuid)', 'var/lib/rpm/Packages', 'libuuid/Packages'],
  ] as const) {
    if (!existsSync(rpmdbFixture(fixture))) continue;
    const content = readFileSync(rpmdbFixture(fixture));
    bench(label, rpmDatabaseAnalyzer, file, [content], copy([content]));
  }
  const nasty: Array<[string, string]> = [
    ['2 MB without newlines', 'x'.repeat(2_000_000)],
    ['2 MB of colons', ':'.repeat(2_000_000)],
    ['2 M empty lines', '\n'.repeat(2_000_000)],
    ['1 M blank continuation lines', ' \n'.repeat(1_000_000)],
    ['1 M CRLF', '\r\n'.repeat(1_000_000)],
    ['300 k open quotes', 'A="'.repeat(300_000)],
  ];
  for (const [label, text] of nasty) {
    const c = [Buffer.from(text)];
    for (const [name, analyzer, file] of [
      ['dpkg', dpkgStatusAnalyzer, 'var/lib/dpkg/status'],
      ['apk', apkInstalledAnalyzer, 'lib/apk/db/installed'],
      ['list', dpkgFileListAnalyzer, 'var/lib/dpkg/info/x.list'],
      ['os-release', osReleaseAnalyzer, 'etc/os-release'],
    ] as const) {
      bench(`${name}: ${label}`, analyzer, file, c, splitLines(c));
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

void main();
