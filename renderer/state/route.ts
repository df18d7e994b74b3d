// Pages by hash (#/images), so a reload or a shared link keeps the page and the web host
// needs no server-side routes.
export const routeIds = [
  'dashboard',
  'images',
  'containers',
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

export function hrefFor(route: RouteId): string {
  return `#/${route}`;
}
