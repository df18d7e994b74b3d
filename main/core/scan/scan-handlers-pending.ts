// TEMPORARY while the scan pipeline is assembled in this session: these operations answer
// 'unavailable' with a plain statement that they are not built yet. Replaced before issue 4 closes.
import { RpcError } from '../../../shared/contracts/errors';
import type { CoreServer } from '../rpc/core-server';

const notYet = (what: string) => () => {
  throw new RpcError('unavailable', `${what} is not built yet`);
};

export function registerPendingScanHandlers(server: CoreServer): void {
  server.implement('images.scan', { title: () => 'Scan', run: notYet('Image scanning') });
  server.implement('images.scanRepository', { title: () => 'Scan repository', run: notYet('Repository scanning') });
  server.implement('images.export', notYet('Export'));
  server.implement('vulndb.status', notYet('The vulnerability database'));
  server.implement('vulndb.import', { title: () => 'Import advisories', run: notYet('Advisory import') });
}
