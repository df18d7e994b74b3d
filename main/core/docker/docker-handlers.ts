// The docker.* operations of the contract, served by the DockerService.
import type { CoreServer } from '../rpc/core-server';
import type { DockerService } from './docker-service';

export function registerDockerHandlers(server: CoreServer, docker: DockerService): void {
  server.implement('docker.status', (input) => docker.status(input.refresh));
  server.implement('docker.images.list', (input) => docker.listImages(input));
  server.implement('docker.containers.list', (input) => docker.listContainers(input));
  server.implement('docker.changes', (_input, emit) => docker.onChange(emit));
}
