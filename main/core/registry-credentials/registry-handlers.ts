// The registries.* operations over RegistryCredentials. The RpcServer has already checked the
// role (save/remove are for administrators) and redacts the password/passphrase in the trail.
import type { CoreServer } from '../rpc/core-server';
import type { RegistryCredentials } from './registry-credentials';

export function registerRegistryHandlers(server: CoreServer, credentials: RegistryCredentials): void {
  server.implement('registries.list', (input) => credentials.list(input.offset, input.limit));
  server.implement('registries.save', (input) => credentials.save(input));
  server.implement('registries.remove', (input) => ({ removed: credentials.remove(input.host) }));
  // Anyone who may write can unlock an existing passphrase (scans need it); choosing the first
  // one decides how everyone's passwords are protected, so that is for administrators.
  server.implement('registries.unlock', (input, caller) => credentials.unlock(input.passphrase, { mayChoose: caller.role === 'administrator' }));
}
