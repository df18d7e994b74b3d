// User settings (settings.get / settings.update). A change shows at once and is saved; when
// saving fails it goes back and says why.
import { create } from 'zustand';
import { settingsSchema, type Settings, type Theme } from '../../shared/model/settings';
import { client, type Input } from '../transport/client';
import { applyTheme, cachedTheme } from './theme';
import { notifyError } from './toast-store';

export type SettingsPatch = Input<'settings.update'>;

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  saving: boolean;
  error: unknown;
  load(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
  /** Saves some settings; true when the core accepted them. */
  update(patch: SettingsPatch, what?: string): Promise<boolean>;
}

export const useSettings = create<SettingsState>()((set, get) => ({
  // Defaults until settings.get answers; the theme the page last used avoids a flash.
  settings: { ...settingsSchema.parse({}), theme: cachedTheme() },
  loaded: false,
  saving: false,
  error: null,
  async load() {
    try {
      const settings = await client().call('settings.get');
      applyTheme(settings.theme);
      set({ settings, loaded: true, error: null });
    } catch (error) {
      set({ error, loaded: true });
    }
  },
  async setTheme(theme) {
    await get().update({ theme }, 'the theme');
  },
  async update(patch, what = 'the settings') {
    const previous = get().settings;
    const next = { ...previous, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Settings;
    if (patch.theme) applyTheme(patch.theme);
    set({ settings: next, saving: true });
    try {
      const saved = await client().call('settings.update', patch);
      applyTheme(saved.theme);
      set({ settings: saved, saving: false });
      return true;
    } catch (error) {
      applyTheme(previous.theme);
      set({ settings: previous, saving: false });
      notifyError(`Could not save ${what}`, error);
      return false;
    }
  },
}));
