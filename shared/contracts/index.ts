// The whole contract: every operation of every surface, by name.
import * as containers from './containers';
import * as docker from './docker';
import * as images from './images';
import * as malware from './malware';
import type { Operation } from './operation';
import * as registries from './registries';
import * as settings from './settings';
import * as system from './system';
import * as tasks from './tasks';
import * as trail from './trail';
import * as vulndb from './vulndb';
import * as vulnerabilities from './vulnerabilities';

const all = [
  system.systemStatus,
  system.systemDoctor,
  system.systemBackup,
  settings.settingsGet,
  settings.settingsUpdate,
  trail.trailList,
  tasks.tasksList,
  tasks.tasksCancel,
  tasks.tasksUpdates,
  docker.dockerStatus,
  docker.dockerImagesList,
  docker.dockerContainersList,
  docker.dockerChanges,
  containers.containersChecks,
  containers.dockerHostChecks,
  containers.containerCheckSettingsGet,
  containers.containerCheckSettingsSet,
  images.imagesList,
  images.imagesGet,
  images.imagesScan,
  images.imagesScanRepository,
  images.imagesPackages,
  images.imagesFiles,
  images.imagesSecurity,
  images.imagesExport,
  malware.malwareStatus,
  malware.malwareImport,
  malware.malwareRemove,
  vulnerabilities.vulnerabilitiesList,
  vulnerabilities.ignoresList,
  vulnerabilities.ignoresAdd,
  vulnerabilities.ignoresRemove,
  vulndb.vulndbStatus,
  vulndb.vulndbImport,
  registries.registriesList,
  registries.registriesSave,
  registries.registriesRemove,
  registries.registriesUnlock,
] as const;

type All = (typeof all)[number];
export type OperationName = All['name'];
export type Contract = { [Op in All as Op['name']]: Op };

export const contract = Object.freeze(Object.fromEntries(all.map((op) => [op.name, op]))) as Contract;

export function findOperation(name: string): Operation | undefined {
  return Object.prototype.hasOwnProperty.call(contract, name) ? (contract as Record<string, Operation>)[name] : undefined;
}

export type OpsOfKind<K> = { [N in OperationName]: Contract[N]['kind'] extends K ? N : never }[OperationName];

export * from './errors';
export * from './operation';
export { containers, docker, images, malware, registries, settings, system, tasks, trail, vulndb, vulnerabilities };
