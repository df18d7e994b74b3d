// Assembles the core once per process: store, services, and the RpcServer every transport uses.
import { contract } from '../../shared/contracts';
import { registerContainerHandlers } from './containers/container-handlers';
import { DockerService, type DockerServiceOptions } from './docker/docker-service';
import { registerDockerHandlers } from './docker/docker-handlers';
import { registerDockerHostHandlers } from './docker-host/docker-host-handlers';
import { malwareEngineSource, malwareSettingsOf, unavailableMalwareSource } from './malware/malware-engine-source';
import { registerMalwareHandlers } from './malware/malware-handlers';
import { MalwareService } from './malware/malware-service';
import { PassphraseSecretBox } from './registry-credentials/passphrase-secret-box';
import { RegistryCredentials } from './registry-credentials/registry-credentials';
import { registerRegistryHandlers } from './registry-credentials/registry-handlers';
import type { SecretBox } from './registry-credentials/secret-box';
import { RpcServer } from './rpc/rpc-server';
import { SettingsRepository } from './settings/settings-repository';
import type { MalwareEngineSource } from './scan/image-scanner';
import { registerImageHandlers } from './scan/scan-handlers';
import { ScanScheduler } from './scan/scan-scheduler';
import { registerScanTaskHandlers } from './scan/scan-task-handlers';
import path from 'node:path';
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
  /** The vulnerability database file (default: vulndb.sqlite in the data directory). */
  vulnDbPath?: string;
  /** Start the daily and new-image scans (the app and `vigil serve`; not the CLI's one-shot commands). */
  schedule?: boolean;
  /** Seals saved registry passwords: the OS keychain on the desktop; default a passphrase box (DESIGN §4). */
  secretBox?: SecretBox;
}

export interface Core {
  readonly server: CoreServer;
  readonly store: StoreState;
  readonly tasks: TaskManager;
  readonly docker: DockerService;
  /** Saved registry credentials; credentialsFor(ref) serves scans given none of their own. */
  readonly registries: RegistryCredentials;
  /** The malware engines for scans run outside the RpcServer (the CLI). */
  readonly malware: MalwareEngineSource;
  readonly dataDir: DataDirChoice;
  readonly vulnDbPath: string;
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
  const registries = new RegistryCredentials(store, options.secretBox ?? new PassphraseSecretBox(() => store.db(), { env, warn: console.warn }));

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
  registerRegistryHandlers(server, registries);
  registerContainerHandlers(server, { store, docker });
  registerDockerHostHandlers(server, { docker, env });
  registerImageHandlers(server, { store, docker });
  const vulnDbPath = options.vulnDbPath ?? path.join(dataDir.dir, 'vulndb.sqlite');
  const settings = () => (store.ready ? new SettingsRepository(store.db()).get() : null);
  const initial = settings();
  // An unusable data directory must not stop the core (doctor reports it): malware says why instead.
  let malware: MalwareService | null = null;
  let malwareProblem: string | null = null;
  const createdWith = initial ? malwareSettingsOf(initial) : null;
  try {
    malware = MalwareService.create({ dataDir: dataDir.dir, env, ...(createdWith ? { settings: createdWith } : {}) });
  } catch (error) {
    malwareProblem = (error as Error).message;
  }
  const malwareSource = malware ? malwareEngineSource(malware, settings, createdWith) : unavailableMalwareSource(`its folder in ${dataDir.dir} cannot be created: ${malwareProblem}`);
  registerMalwareHandlers(server, { service: malware, source: malwareSource, problem: malwareProblem });
  registerScanTaskHandlers(server, { store, docker, vulnDbPath, malware: malwareSource, credentialsFor: (ref, onUnusable) => registries.credentialsFor(ref, onUnusable) });

  const missing = server.missing();
  if (missing.length) throw new Error(`operations declared but not implemented: ${missing.join(', ')}`);
  const scheduler = options.schedule ? new ScanScheduler(server, store, docker) : null;
  scheduler?.start();

  return {
    server,
    store,
    tasks,
    docker,
    registries,
    malware: malwareSource,
    dataDir,
    vulnDbPath,
    async close() {
      scheduler?.stop();
      tasks.cancelAll();
      docker.close();
      await malware?.close();
      store.close();
    },
  };
}
