// The containers.* operations: checks of running containers and the lists they use.
import type { DockerService } from '../docker/docker-service';
import type { CoreServer } from '../rpc/core-server';
import type { StoreState } from '../store/store-state';
import { ContainerCheckSettingsRepository } from './check-settings-repository';
import { ContainerChecksService } from './container-checks-service';

export function registerContainerHandlers(server: CoreServer, deps: { store: StoreState; docker: DockerService }): void {
  const settings = () => new ContainerCheckSettingsRepository(deps.store.db());
  const service = new ContainerChecksService(() => deps.docker.api(), () => settings().get());
  server.implement('containers.checks', async () => ({ checkedAt: new Date().toISOString(), containers: await service.checkRunning() }));
  server.implement('containers.checkSettings.get', () => settings().get());
  server.implement('containers.checkSettings.set', (input) => settings().update(input));
}
