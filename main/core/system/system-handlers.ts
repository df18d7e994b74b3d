import type { DockerService } from '../docker/docker-service';
import type { CoreServer } from '../rpc/core-server';
import type { DataDirChoice } from '../store/data-dir';
import type { StoreState } from '../store/store-state';
import { appInfo, runtimeInfo } from './app-info';
import { backupDatabase } from './database-backup';
import { runDoctor } from './doctor';

export interface SystemDeps {
  dataDir: DataDirChoice;
  store: StoreState;
  docker: DockerService;
  electronVersion: string | null;
  rendererIndex: string | null;
}

export function registerSystemHandlers(server: CoreServer, deps: SystemDeps): void {
  server.implement('system.status', (_input, caller) => ({
    app: { ...appInfo },
    runtime: runtimeInfo(deps.electronVersion),
    dataDir: deps.dataDir.dir,
    store: deps.store.status(),
    caller: { role: caller.role, transport: caller.transport },
  }));

  server.implement('system.doctor', async () => runDoctor({ ...deps, docker: await deps.docker.status(true) }));

  server.implement('system.backup', {
    title: (input) => `Back up the database to ${input.destination}`,
    run: (input, task) => backupDatabase(deps.store.db(), deps.store.path, input.destination, task),
  });
}
