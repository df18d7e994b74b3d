// Assembles the core once per process: store, services, and the RpcServer every transport uses.
import { contract } from '../../shared/contracts';
import { DockerService, type DockerServiceOptions } from './docker/docker-service';
import { registerDockerHandlers } from './docker/docker-handlers';
import { RpcServer } from './rpc/rpc-server';
import { registerImageHandlers } from './scan/scan-handlers';
import { registerPendingScanHandlers } from './scan/scan-handlers-pending';
import type { CoreServer } from './rpc/core-server';
import { registerSettingsHandlers } from './settings/settings-handlers';
import { chooseDataDir, type DataDirChoice } from './store/data-dir';
import { StoreState } from './store/store-state';
import { registerSystemHandlers } from './system/system-handlers';
import { registerTaskHandlers } from './tasks/task-handlers';
import { TaskManager } from './tasks/task-manager';
import { TaskRepository } from './tasks/task-repository';
import { registerTrailHandlers } from './trail/trail-handlers';
import { StoreTrailSink } from './trail/trail-sink';

export interface CoreOptions {
  env?: NodeJS.ProcessEnv;
  /** Overrides the per-OS choice and VIGIL_HOME (tests). */
  dataDir?: string;
  electronVersion?: string | null;
  /** The renderer's index.html, checked by doctor where a UI is served. */
  rendererIndex?: string | null;
  docker?: DockerServiceOptions;
}

export interface Core {
  readonly server: CoreServer;
  readonly store: StoreState;
  readonly tasks: TaskManager;
  readonly docker: DockerService;
  readonly dataDir: DataDirChoice;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions = {}): Core {
  const env = options.env ?? process.env;
  const dataDir = options.dataDir ? { dir: options.dataDir, source: 'option' } : chooseDataDir(env);
  const store = StoreState.open(dataDir.dir);
  const tasks = new TaskManager(store.ready ? new TaskRepository(store.db()) : null);
  const trail = new StoreTrailSink(store);
  const docker = new DockerService({ env, ...options.docker });
  const server: CoreServer = new RpcServer(contract, { trail, tasks });

  registerSystemHandlers(server, {
    dataDir,
    store,
    docker,
    electronVersion: options.electronVersion ?? null,
    rendererIndex: options.rendererIndex ?? null,
  });
  registerSettingsHandlers(server, store);
  registerTrailHandlers(server, trail);
  registerTaskHandlers(server, tasks);
  registerDockerHandlers(server, docker);
  registerImageHandlers(server, { store, docker });
  registerPendingScanHandlers(server);

  const missing = server.missing();
  if (missing.length) throw new Error(`operations declared but not implemented: ${missing.join(', ')}`);

  return {
    server,
    store,
    tasks,
    docker,
    dataDir,
    async close() {
      tasks.cancelAll();
      docker.close();
      store.close();
    },
  };
}
