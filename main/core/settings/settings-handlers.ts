import type { CoreServer } from '../rpc/core-server';
import type { StoreState } from '../store/store-state';
import { SettingsRepository } from './settings-repository';

export function registerSettingsHandlers(server: CoreServer, store: StoreState): void {
  const repo = () => new SettingsRepository(store.db());
  server.implement('settings.get', () => repo().get());
  server.implement('settings.update', (input) => repo().update(input));
}
