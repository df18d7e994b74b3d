// The dockerHost.checks operation.
import type { DockerService } from '../docker/docker-service';
import type { CoreServer } from '../rpc/core-server';
import { checkDockerHost } from './docker-host-checks';

export function registerDockerHostHandlers(server: CoreServer, deps: { docker: DockerService; env: NodeJS.ProcessEnv }): void {
  server.implement('dockerHost.checks', async () => {
    const api = await deps.docker.api(); // throws 'unavailable' with the reason when there is no engine
    const status = await deps.docker.status();
    return checkDockerHost({ status, api, env: deps.env, platform: process.platform });
  });
}
