import path from 'node:path';
import type { Command } from 'commander';
import { RpcError } from '../../shared/contracts/errors';
import { createCore } from '../core/app-core';
import { startWebHost } from '../web/web-host';
import { CliError, osUser, parseRole } from './cli-caller';
import { openBrowser } from './open-browser';
import { rendererDir } from './renderer-dir';

interface ServeOptions {
  port?: string;
  host: string;
  role?: string;
  open?: boolean;
}

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port: "${value}" is not a port number (0-65535)`);
  return port;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('serve the Vigil UI to a browser on this machine (the same UI as the desktop app)')
    .option('-p, --port <port>', 'port to listen on (default: a free random port)')
    .option('--host <address>', 'address to bind; keep the default unless you know why', '127.0.0.1')
    .option('--role <role>', 'role of this session: administrator, full-access or read-only', process.env.VIGIL_ROLE)
    .option('--open', 'open the URL in the default browser')
    .action(async (options: ServeOptions) => {
      const port = parsePort(options.port);
      const role = parseRole(options.role);
      const dir = rendererDir();
      const core = createCore({ rendererIndex: path.join(dir, 'index.html'), schedule: true });
      const store = core.store.status();
      if (store.state === 'error') {
        console.error(`warning: ${store.error?.message}\n         The UI starts anyway and shows this; writing operations are refused.`);
      }
      let host;
      try {
        host = await startWebHost({ server: core.server, rendererDir: dir, host: options.host, port, caller: { role, actor: osUser() } });
      } catch (error) {
        await core.close();
        throw new CliError(RpcError.from(error).message);
      }
      if (!['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
        console.error(`warning: listening on ${options.host}; anyone who can reach it and has the token can use Vigil`);
      }
      console.log(`Vigil ${role === 'read-only' ? '(read-only) ' : ''}is serving at ${host.url}`);
      console.log(`Open: ${host.openUrl}`);
      if (options.open) openBrowser(host.openUrl);
      const stop = async () => {
        await host.close();
        await core.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
