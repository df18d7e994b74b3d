// `vigil`: the command line for pipelines and headless use.
import { Command, CommanderError } from 'commander';
import pkg from '../../package.json';
import { CliError } from './cli-caller';
import { registerDbCommand } from './db-command';
import { registerDoctorCommand } from './doctor-command';
import { registerMalwareCommand } from './malware-command';
import { registerScanCommand } from './scan-command';
import { registerServeCommand } from './serve-command';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('vigil')
    .description('Vigil: an offline security workbench for containers and Kubernetes')
    .version(pkg.version, '-v, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  registerServeCommand(program);
  registerDoctorCommand(program);
  registerScanCommand(program);
  registerDbCommand(program);
  registerMalwareCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    console.error(`vigil: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof CliError ? error.exitCode : 2;
  }
}

if (require.main === module) void main(process.argv);
