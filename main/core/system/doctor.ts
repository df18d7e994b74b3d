// `vigil doctor` and the Settings health panel: one check per thing Vigil depends on.
import fs from 'node:fs';
import type { DoctorCheck } from '../../../shared/contracts/system';
import type { DockerStatus } from '../../../shared/model/docker';
import type { StoreState } from '../store/store-state';
import type { DataDirChoice } from '../store/data-dir';
import { appInfo, nodeVersionAtLeast, runtimeInfo } from './app-info';

export interface DoctorInputs {
  dataDir: DataDirChoice;
  store: StoreState;
  docker: DockerStatus;
  electronVersion: string | null;
  rendererIndex: string | null;
}

export function runDoctor(inputs: DoctorInputs): { healthy: boolean; checks: DoctorCheck[] } {
  const checks: DoctorCheck[] = [];
  const runtime = runtimeInfo(inputs.electronVersion);

  checks.push(
    nodeVersionAtLeast(20, 19)
      ? { id: 'versions', title: 'Versions', status: 'ok', required: true, detail: `Vigil ${appInfo.version}, Node ${runtime.node}${runtime.electron ? `, Electron ${runtime.electron}` : ''}, SQLite ${runtime.sqlite ?? '?'}` }
      : { id: 'versions', title: 'Versions', status: 'failed', required: true, detail: `Node ${runtime.node} is older than 20.19`, fix: 'Install Node.js 20.19 or newer' },
  );

  const dirOk = fs.existsSync(inputs.dataDir.dir) && fs.statSync(inputs.dataDir.dir).isDirectory();
  checks.push(
    dirOk
      ? { id: 'data-dir', title: 'Data directory', status: 'ok', required: true, detail: `${inputs.dataDir.dir} (from ${inputs.dataDir.source})` }
      : { id: 'data-dir', title: 'Data directory', status: 'failed', required: true, detail: `${inputs.dataDir.dir} (from ${inputs.dataDir.source}) is missing or not a directory`, fix: 'Set VIGIL_HOME to a writable directory' },
  );

  const store = inputs.store.status();
  checks.push(
    store.state === 'ready'
      ? { id: 'database', title: 'Database', status: 'ok', required: true, detail: `${store.path}, schema ${store.schemaVersion}, WAL` }
      : {
          id: 'database',
          title: 'Database',
          status: 'failed',
          required: true,
          detail: store.error?.message ?? `${store.path} is not open`,
          fix: 'The file was not changed. Move it aside (or restore a backup) and start Vigil again.',
        },
  );
  if (runtime.sqlite === null) {
    checks.push({ id: 'sqlite', title: 'SQLite module', status: 'failed', required: true, detail: 'better-sqlite3 could not be loaded', fix: 'Run npm ci (it compiles better-sqlite3 for this Node version)' });
  }

  const docker = inputs.docker;
  checks.push(
    docker.state === 'connected'
      ? { id: 'docker', title: 'Container engine', status: 'ok', required: false, detail: `${docker.engine?.product ?? 'Docker'} ${docker.engine?.version ?? ''} at ${docker.endpoint} (${docker.source})` }
      : {
          id: 'docker',
          title: 'Container engine',
          status: 'warning',
          required: false,
          detail: `${docker.endpoint ?? 'no endpoint'} (${docker.source}): ${docker.reason ?? docker.state}`,
          ...(docker.fix ? { fix: docker.fix } : {}),
        },
  );

  if (inputs.rendererIndex !== null) {
    checks.push(
      fs.existsSync(inputs.rendererIndex)
        ? { id: 'ui', title: 'User interface build', status: 'ok', required: false, detail: inputs.rendererIndex }
        : { id: 'ui', title: 'User interface build', status: 'warning', required: false, detail: `${inputs.rendererIndex} is missing`, fix: 'Run npm run build' },
    );
  }

  return { healthy: checks.every((c) => !(c.required && c.status === 'failed')), checks };
}
