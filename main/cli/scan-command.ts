// `vigil scan` for pipelines: scan an image, print it in the chosen format, exit 0 when clean,
// 1 when a finding at or above --fail-on remains (ignored ones never count), 2 on error.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { RpcError } from '../../shared/contracts/errors';
import { parseScanners, scannerKinds, type ScannerKind } from '../../shared/model/scanner';
import { severities, type Severity } from '../../shared/model/severity';
import { createCore } from '../core/app-core';
import { ImageScanner } from '../core/scan/image-scanner';
import { formats, isOutputFormat, renderReport } from '../core/scan-output';
import { countAtOrAbove } from '../core/scan-output/security-issues';
import { TrailRepository } from '../core/trail/trail-repository';
import { CliError, osUser } from './cli-caller';
import { progressPrinter } from './progress-reporter';
import { parseScanTarget } from './scan-target';

interface ScanOptions {
  format: string;
  failOn?: string;
  ignoreUnfixed?: boolean;
  db?: string;
  output?: string;
  platform?: string;
  username?: string;
  passwordStdin?: boolean;
  insecure?: boolean;
  refresh?: boolean;
  scanners: string;
  quiet?: boolean;
}

function readStdin(): string {
  return fs.readFileSync(0, 'utf8').replace(/\r?\n$/, '');
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan <target>')
    .description('scan an image: a local engine reference, a docker-save/OCI tarball, an OCI layout folder, or a registry reference')
    .option('-f, --format <format>', `output format: ${formats.join(', ')}`, 'table')
    .option('--fail-on <severity>', `exit 1 when a finding is at or above this severity (${severities.join(', ')})`)
    .option('--ignore-unfixed', 'leave out vulnerabilities that have no fixed version')
    .option('--db <file>', 'vulnerability database file (default: vulndb.sqlite in the data directory)')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--platform <os/arch>', 'platform to pick from a multi-arch image, e.g. linux/arm64')
    .option('--username <name>', 'registry user name')
    .option('--password-stdin', 'read the registry password from standard input')
    .option('--insecure', 'allow plain HTTP or unverified TLS for this registry')
    .option('--refresh', 'analyse every layer again instead of using the layer cache')
    .option('--scanners <list>', `what to look for, comma-separated: ${scannerKinds.join(', ')}`, scannerKinds.join(','))
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (target: string, options: ScanOptions) => {
      if (!isOutputFormat(options.format)) throw new CliError(`--format: "${options.format}" is not one of ${formats.join(', ')}`);
      const failOn = options.failOn?.toLowerCase();
      if (failOn !== undefined && !severities.includes(failOn as Severity)) throw new CliError(`--fail-on: "${options.failOn}" is not one of ${severities.join(', ')}`);
      let scanners: ScannerKind[];
      try {
        scanners = parseScanners(options.scanners);
      } catch (error) {
        throw new CliError(`--scanners: ${(error as Error).message}`);
      }
      if (options.passwordStdin && !options.username) throw new CliError('--password-stdin needs --username');
      const credentials = options.username ? { username: options.username, password: options.passwordStdin ? readStdin() : '' } : undefined;
      const dbPath = options.db ? path.resolve(options.db) : undefined;
      if (dbPath && !fs.existsSync(dbPath)) throw new CliError(`--db: ${dbPath} does not exist`);

      const core = createCore(dbPath ? { vulnDbPath: dbPath } : {});
      const progress = options.quiet ? { progress: () => undefined, done: () => undefined } : progressPrinter(process.stderr);
      try {
        const spec = await parseScanTarget(target, options.platform, async (ref) => {
          const status = await core.docker.status();
          if (status.state !== 'connected') return false;
          try {
            await (await core.docker.api()).getImage(ref).inspect();
            return true;
          } catch {
            return false;
          }
        });
        if (!core.store.ready) console.error(`warning: ${core.store.status().error?.message}; scanning without the layer cache or history`);
        // No --username: the registry's saved credentials, opened with VIGIL_SECRETS_PASSPHRASE.
        const saved = !credentials && spec.kind === 'registry' && core.store.ready ? core.registries.credentialsFor(spec.ref, (reason) => console.error(`note: ${reason}`)) : null;
        const scanner = new ImageScanner({ store: core.store, docker: core.docker, vulnDbPath: core.vulnDbPath, malware: core.malware });
        const controller = new AbortController();
        process.once('SIGINT', () => controller.abort());
        const { report } = await scanner.scan(
          {
            spec,
            refresh: Boolean(options.refresh),
            trigger: 'cli',
            credentials: credentials ?? (saved ? { username: saved.username, password: saved.password } : undefined),
            insecure: Boolean(options.insecure) || Boolean(saved?.insecure),
            scanners,
          },
          {
            id: 'cli',
            signal: controller.signal,
            progress: (fraction, message) => progress.progress(fraction, message ?? ''),
            throwIfCancelled: () => {
              if (controller.signal.aborted) throw new RpcError('cancelled', 'scan cancelled');
            },
          },
        );
        progress.done();
        if (core.store.ready) {
          new TrailRepository(core.store.db()).append({
            at: new Date().toISOString(), actor: osUser(), role: 'administrator', transport: 'cli', operation: 'images.scan', writes: 'local',
            input: JSON.stringify({ spec: 'ref' in spec ? { kind: spec.kind, ref: spec.ref } : spec }), outcome: 'ok', error: null, taskId: null,
          });
        }
        const shown = options.ignoreUnfixed ? { ...report, vulnerabilities: report.vulnerabilities.filter((v) => v.fixState === 'fixed') } : report;
        const text = renderReport(shown, options.format);
        if (options.output) fs.writeFileSync(options.output, text.endsWith('\n') ? text : `${text}\n`);
        else process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
        for (const note of report.notes) if (!options.quiet) console.error(`note: ${note}`);
        const failing = failOn ? countAtOrAbove(shown, failOn as Severity) : { vulnerabilities: 0, malware: 0, baseline: 0 };
        const total = failing.vulnerabilities + failing.malware + failing.baseline;
        process.exitCode = total ? 1 : 0;
        if (total && !options.quiet) {
          console.error(`${total} finding(s) at or above ${failOn}: ${failing.vulnerabilities} vulnerabilities, ${failing.malware} malware, ${failing.baseline} baseline/secrets`);
        }
      } catch (error) {
        progress.done();
        throw new CliError(RpcError.from(error).message);
      } finally {
        await core.close();
      }
    });
}
