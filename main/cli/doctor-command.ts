import path from 'node:path';
import type { Command } from 'commander';
import { createCore } from '../core/app-core';
import { osUser } from './cli-caller';
import { rendererDir } from './renderer-dir';

const marks = { ok: 'ok  ', warning: 'warn', failed: 'FAIL' } as const;

export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check Docker, the database, the data directory and versions; exit 1 when something required is broken')
    .option('--json', 'print the checks as JSON')
    .option('--require-docker', 'treat an unreachable container engine as broken')
    .action(async (options: { json?: boolean; requireDocker?: boolean }) => {
      const core = createCore({ rendererIndex: path.join(rendererDir(), 'index.html') });
      try {
        const result = await core.server.call({ role: 'read-only', transport: 'cli', actor: osUser() }, 'system.doctor', {});
        if (!result.ok) throw new Error(result.error.message);
        const report = result.value as { healthy: boolean; checks: { id: string; title: string; status: keyof typeof marks; required: boolean; detail: string; fix?: string }[] };
        const checks = report.checks.map((c) => (options.requireDocker && c.id === 'docker' ? { ...c, required: true, status: c.status === 'ok' ? c.status : ('failed' as const) } : c));
        const healthy = checks.every((c) => !(c.required && c.status === 'failed'));
        if (options.json) {
          console.log(JSON.stringify({ healthy, checks }, null, 2));
        } else {
          for (const c of checks) {
            console.log(`[${marks[c.status]}] ${c.title}: ${c.detail}`);
            if (c.fix && c.status !== 'ok') console.log(`       fix: ${c.fix}`);
          }
          console.log(healthy ? 'Vigil is ready.' : 'Something required is broken (see FAIL above).');
        }
        process.exitCode = healthy ? 0 : 1;
      } finally {
        await core.close();
      }
    });
}
