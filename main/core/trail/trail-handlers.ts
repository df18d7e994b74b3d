import type { CoreServer } from '../rpc/core-server';
import type { StoreTrailSink } from './trail-sink';

export function registerTrailHandlers(server: CoreServer, trail: StoreTrailSink): void {
  server.implement('trail.list', (input) => trail.repo().list(input));
}
