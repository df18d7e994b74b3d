// Pages by hash (#/images), so a reload or a shared link keeps the page and the web host
// needs no server-side routes. A page may take one more segment (#/images/<id>, the id
// URI-encoded) and a query (#/vulnerabilities?severity=critical,high).
export const routeIds = [
  'dashboard',
  'images',
  'containers',
  'docker-host',
  'vulnerabilities',
  'policies',
  'alerts',
  'clusters',
  'reports',
  'settings',
  'trail',
] as const;
export type RouteId = (typeof routeIds)[number];

export const defaultRoute: RouteId = 'dashboard';

export function parseHash(hash: string): RouteId {
  const path = hash.replace(/^#\/?/, '').split(/[/?]/)[0]?.toLowerCase() ?? '';
  return (routeIds as readonly string[]).includes(path) ? (path as RouteId) : defaultRoute;
}

export function hrefFor(route: RouteId, param?: string | null, query?: Record<string, string | readonly string[] | undefined | null>): string {
  let href = `#/${route}`;
  if (param) href += `/${encodeURIComponent(param)}`;
  if (query) {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value === undefined || value === null) continue;
      const text = typeof value === 'string' ? value : value.join(',');
      if (text) search.set(key, text);
    }
    const text = search.toString();
    if (text) href += `?${text}`;
  }
  return href;
}

/** The segment after the page (#/images/<this>), decoded; null when there is none. */
export function routeParam(hash: string): string | null {
  const path = hash.replace(/^#\/?/, '').split('?')[0] ?? '';
  const slash = path.indexOf('/');
  if (slash < 0) return null;
  const raw = path.slice(slash + 1).replace(/\/+$/, '');
  if (!raw) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The query after '?' in the hash (#/vulnerabilities?image=…). */
export function routeQuery(hash: string): URLSearchParams {
  const at = hash.indexOf('?');
  return new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
}

/** A comma-separated query value as a list, keeping only allowed values. */
export function queryList<T extends string>(query: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const value = query.get(key);
  if (!value) return [];
  return value.split(',').filter((v): v is T => (allowed as readonly string[]).includes(v));
}

export function imageHref(imageId: string): string {
  return hrefFor('images', imageId);
}
