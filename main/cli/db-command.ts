// `vigil db`: the offline vulnerability database. import (OSV folders/zips, Alpine secdb,
// Debian tracker JSON; digest-checked; adding or --replace), status, and update (OSV's
// per-ecosystem dumps, or a mirror). Progress goes to stderr: a bar on a terminal, plain lines
// otherwise. Exit code 0 on success, 2 on any error (the message says what to do).
import path from 'node:path';
import { Option, type Command } from 'commander';
import { RpcError } from '../../shared/contracts/errors';
import { chooseDataDir } from '../core/store/data-dir';
import { importBundles, type ImportResult } from '../core/vulndb/db-import';
import { scannedEcosystems } from '../core/scan/scanned-ecosystems';
import { updateFromOsv, type UpdateResult } from '../core/vulndb/db-update';
import type { BundleKind, ProgressFn } from '../core/vulndb/import-context';
import { vulnDbPath } from '../core/vulndb/schema';
import { VulnDb, type VulnDbStatus } from '../core/vulndb/vulndb';
import { progressPrinter } from './progress-reporter';
import { CliError } from './cli-caller';

/** Where output goes (tests pass their own). */
export interface DbCommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  /** Ctrl-C hook; returns a function that removes it. */
  onInterrupt?: (handler: () => void) => () => void;
}

const defaultIo = (): DbCommandIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt: (handler) => {
    process.once('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
});

function dbFileFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  return option ? path.resolve(option) : vulnDbPath(chooseDataDir(env).dir);
}

const n = (x: number) => x.toLocaleString('en-US');

function mib(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`;
}

function toCliError(error: unknown): Error {
  if (error instanceof CliError) return error;
  if (error instanceof RpcError) return new CliError(error.message, 2);
  return error instanceof Error ? error : new Error(String(error));
}

async function withProgress<T>(io: DbCommandIo, run: (progress: ProgressFn, signal: AbortSignal) => Promise<T>): Promise<T> {
  const printer = progressPrinter(io.stderr);
  const controller = new AbortController();
  const remove = io.onInterrupt?.(() => controller.abort()) ?? (() => {});
  try {
    return await run(printer.progress, controller.signal);
  } catch (error) {
    throw toCliError(error);
  } finally {
    printer.done();
    remove();
  }
}

function printStatus(out: DbCommandIo['stdout'], s: VulnDbStatus): void {
  out.write(`Vulnerability database ${s.path}\n`);
  out.write(
    `  schema ${s.schemaVersion}, revision ${s.revision}, data as of ${s.builtAt ?? 'unknown'}, imported ${s.importedAt ?? 'never'}, ${mib(s.sizeBytes)}\n`,
  );
  out.write(`  ${n(s.advisories)} advisories, ${n(s.affectedRows)} package rows\n`);
  if (s.sources.length) {
    out.write('  sources:\n');
    const width = Math.max(...s.sources.map((x) => x.name.length));
    for (const src of s.sources) {
      out.write(
        `    ${src.name.padEnd(width)}  ${n(src.advisories).padStart(9)} advisories${src.corrupt ? `, ${n(src.corrupt)} corrupt skipped` : ''}  imported ${src.importedAt}  sha256 ${src.digest ?? '-'}\n`,
      );
    }
  }
  if (s.ecosystems.length) out.write(`  ecosystems: ${s.ecosystems.map((e) => `${e.ecosystem} (${n(e.affectedRows)})`).join(', ')}\n`);
}

function printImport(out: DbCommandIo['stdout'], r: ImportResult): void {
  out.write(
    `Imported ${n(r.advisories)} advisories (${n(r.affectedRows)} package rows) from ${r.bundles.length} bundle${r.bundles.length === 1 ? '' : 's'} into ${r.dbFile}${r.mode === 'replace' ? ' (replaced its content)' : ''}\n`,
  );
  for (const b of r.bundles) {
    out.write(`  ${b.source} (${b.kind}): ${n(b.advisories)} advisories from ${n(b.files)} files${b.corrupt ? `, ${n(b.corrupt)} corrupt skipped` : ''}; sha256 ${b.digest ?? '-'}\n`);
  }
  if (r.corrupt) {
    out.write(`Corrupt records skipped: ${n(r.corrupt)}${r.corruptList.length < r.corrupt ? ` (the first ${r.corruptList.length})` : ''}:\n`);
    for (const c of r.corruptList) out.write(`  ${path.basename(c.bundle)}: ${c.file}: ${c.reason}\n`);
    out.write('  (use --strict to refuse a bundle with any corrupt record)\n');
  }
  out.write(`Database now: ${n(r.status.advisories)} advisories from ${r.status.sources.length} sources, revision ${r.status.revision}, data as of ${r.status.builtAt ?? 'unknown'}\n`);
}

function printUpdate(out: DbCommandIo['stdout'], r: UpdateResult): void {
  out.write(`Updated from ${r.mirror}: ${r.ecosystems.join(', ')}\n`);
  for (const d of r.downloads) {
    out.write(
      `  ${d.ecosystem}: ${mib(d.bytes)}${d.notModified ? ' (unchanged, kept copy)' : d.resumedFrom ? ` (resumed at ${mib(d.resumedFrom)})` : ''}\n`,
    );
  }
  printImport(out, r.import);
}

export function registerDbCommand(program: Command, io: DbCommandIo = defaultIo()): void {
  const db = program.command('db').description('the offline vulnerability database: import advisories, show its status, update it from OSV');

  db.command('import')
    .description('import advisory bundles (OSV JSON/YAML folders or zips, Alpine secdb, Debian tracker JSON) into a new database file that replaces the current one')
    .argument('<path...>', 'bundle files or folders')
    .option('--sha256 <hex>', 'the expected SHA-256 of the bundle (else <bundle>.sha256 beside it is used when present)')
    .option('--replace', 'replace the whole database instead of adding to it')
    .option('--strict', 'fail on the first corrupt record instead of skipping and listing it')
    .addOption(new Option('--format <kind>', 'the bundle format (detected when absent)').choices(['osv', 'alpine-secdb', 'debian-tracker']))
    .option('--db <file>', 'the database file (default: vulndb.sqlite in the data directory)')
    .option('--json', 'print the result as JSON')
    .action(async (paths: string[], options: { sha256?: string; replace?: boolean; strict?: boolean; format?: BundleKind; db?: string; json?: boolean }) => {
      if (options.sha256 && paths.length > 1) throw new CliError('--sha256 names the digest of one bundle; import the bundles one at a time, or put a <bundle>.sha256 file beside each');
      const dbFile = dbFileFrom(options.db, io.env);
      const result = await withProgress(io, (progress, signal) =>
        importBundles(
          paths.map((p) => ({ path: path.resolve(p), sha256: options.sha256 ?? null, kind: options.format })),
          { dbFile, mode: options.replace ? 'replace' : 'add', strict: options.strict, progress, signal },
        ),
      );
      if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printImport(io.stdout, result);
    });

  db.command('status')
    .description('show the vulnerability database: schema, dates, sources with digests, counts')
    .option('--db <file>', 'the database file (default: vulndb.sqlite in the data directory)')
    .option('--verify', 'also check the whole file for damage (slower)')
    .option('--json', 'print the status as JSON')
    .action((options: { db?: string; json?: boolean; verify?: boolean }) => {
      const dbFile = dbFileFrom(options.db, io.env);
      let vdb: VulnDb;
      try {
        vdb = VulnDb.open(dbFile, { verify: options.verify });
      } catch (error) {
        throw toCliError(error);
      }
      try {
        const s = vdb.status();
        if (options.json) io.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        else printStatus(io.stdout, s);
      } finally {
        vdb.close();
      }
    });

  db.command('update')
    .description("download OSV's per-ecosystem advisory dumps and import them (replacing each ecosystem's previous dump, keeping other sources)")
    .option('--ecosystem <name...>', 'OSV ecosystems, as OSV spells them (npm PyPI Go Maven crates.io RubyGems Packagist Alpine Debian Ubuntu …); default: those already in the database plus those the scanned images need, else a common set')
    .option('--mirror <url>', 'base URL (or local folder) laid out as <Ecosystem>/all.zip; default: VIGIL_OSV_MIRROR, else OSV')
    .option('--db <file>', 'the database file (default: vulndb.sqlite in the data directory)')
    .option('--strict', 'fail on the first corrupt record')
    .option('--keep-downloads', 'keep the downloaded dumps beside the database')
    .option('--json', 'print the result as JSON')
    .action(async (options: { ecosystem?: string[]; mirror?: string; db?: string; strict?: boolean; keepDownloads?: boolean; json?: boolean }) => {
      const dbFile = dbFileFrom(options.db, io.env);
      const result = await withProgress(io, (progress, signal) =>
        updateFromOsv({
          dbFile,
          ecosystems: options.ecosystem,
          scannedEcosystems: scannedEcosystems(chooseDataDir(io.env).dir),
          mirror: options.mirror,
          env: io.env,
          strict: options.strict,
          keepDownloads: options.keepDownloads,
          progress,
          signal,
        }),
      );
      if (options.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printUpdate(io.stdout, result);
    });
}
