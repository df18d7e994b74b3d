// Applies a theme to the document. 'system' follows the OS through prefers-color-scheme in CSS.
import type { Theme } from '../../shared/model/settings';

const CACHE_KEY = 'vigil.theme';

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(CACHE_KEY, theme);
  } catch {
    // not important: only avoids a flash of the wrong theme on the next start
  }
}

/** The theme used last time, applied before settings arrive. */
export function cachedTheme(): Theme {
  try {
    const value = localStorage.getItem(CACHE_KEY);
    return value === 'light' || value === 'dark' ? value : 'system';
  } catch {
    return 'system';
  }
}
