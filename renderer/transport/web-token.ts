// The web host's per-start token. The page is first opened as /?token=…; the host answers with
// a cookie, and we also keep the token for the x-vigil-token header. It leaves the address bar
// at once (no token in history, screenshots or copied links) and stays in sessionStorage so a
// reload of this tab still works.
export const TOKEN_STORAGE_KEY = 'vigil.token';

export interface TokenLocation {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface TokenHistory {
  replaceState(data: unknown, unused: string, url?: string | URL | null): void;
}

export function takeToken(location: TokenLocation, storage: TokenStorage | null, history: TokenHistory | null): string | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    params.delete('token');
    const rest = params.toString();
    history?.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    try {
      storage?.setItem(TOKEN_STORAGE_KEY, fromUrl);
    } catch {
      // Storage can be disabled; the cookie still carries the session.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
