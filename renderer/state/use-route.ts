import { useSyncExternalStore } from 'react';
import { parseHash, type RouteId } from './route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The page named by location.hash; re-renders on hash changes (links, back/forward). */
export function useRoute(): RouteId {
  return useSyncExternalStore(subscribe, () => parseHash(window.location.hash));
}

/** The whole hash (#/images/sha256%3A…?tab=files); re-renders when it changes. */
export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
