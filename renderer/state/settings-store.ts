// User settings (settings.get / settings.update). The theme is applied at once and saved;
// when saving fails it goes back and says why.
import { create } from 'zustand';
import { settingsSchema, type Settings, type Theme } from '../../shared/model/settings';
import { client } from '../transport/client';
import { applyTheme, cachedTheme } from './theme';
import { notifyError } from './toast-store';

interface SettingsState {
  settings: Settings;
  loaded: boolean;
  saving: boolean;
  error: unknown;
  load(): Promise<void>;
  setTheme(theme: Theme): Promise<void>;
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
    const previous = get().settings;
    applyTheme(theme);
    set({ settings: { ...previous, theme }, saving: true });
    try {
      const saved = await client().call('settings.update', { theme });
      applyTheme(saved.theme);
      set({ settings: saved, saving: false });
    } catch (error) {
      applyTheme(previous.theme);
      set({ settings: previous, saving: false });
      notifyError('Could not save the theme', error);
    }
  },
}));
