// Images, findings and ignore rules over the store.
import { RpcError } from '../../../shared/contracts/errors';
import type { DockerService } from '../docker/docker-service';
import type { CoreServer } from '../rpc/core-server';
import type { StoreState } from '../store/store-state';
import { FindingsRepository } from './findings-repository';
import { IgnoreRepository } from './ignore-repository';
import { ImageRepository } from './image-repository';
import { mergeImageLists, pageImages } from './image-list';
import { SecurityRepository } from './security-repository';

export function registerImageHandlers(server: CoreServer, deps: { store: StoreState; docker: DockerService }): void {
  const images = () => new ImageRepository(deps.store.db());
  const findings = () => new FindingsRepository(deps.store.db());
  const ignores = () => new IgnoreRepository(deps.store.db());

  server.implement('images.list', async (input) => {
    const status = await deps.docker.status();
    // The engine's images are listed when it answers; stored images are listed regardless.
    const engine = status.state === 'connected' ? (await deps.docker.listImages({ offset: 0, limit: 1000, includeUntagged: true }).catch(() => null))?.rows ?? [] : [];
    return pageImages(mergeImageLists(deps.store.ready ? images().all() : [], engine), input);
  });

  server.implement('images.get', (input) => {
    const found = images().get(input.imageId);
    if (!found) throw new RpcError('not_found', `imageId: no scanned image ${input.imageId}`);
    return { image: found.row, platform: found.platform, osInfo: found.osInfo, user: found.user, layers: found.layers, notes: found.notes, scans: found.scans };
  });

  server.implement('images.packages', (input) => images().packages(input.imageId, input));
  server.implement('images.files', (input) => images().files(input.imageId, input));
  server.implement('images.security', (input) => {
    if (!images().get(input.imageId)) throw new RpcError('not_found', `imageId: no scanned image ${input.imageId}`);
    return new SecurityRepository(deps.store.db()).get(input.imageId);
  });
  server.implement('vulnerabilities.list', (input) => findings().list(input));
  server.implement('ignores.list', (input) => ignores().list(input));
  server.implement('ignores.add', (input, caller) => ignores().add(input, caller.actor));
  server.implement('ignores.remove', (input, caller) => {
    const removed = ignores().remove(input.id, caller.actor);
    if (!removed) throw new RpcError('not_found', `id: no active ignore rule ${input.id}`);
    return { removed };
  });
}
