// Who may talk to the web host: the right Host (no DNS rebinding), the right Origin (no
// cross-site requests), and the per-start token (from the URL once, then a cookie or header).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_HEADER } from '../../shared/contracts/transport';

export type GuardVerdict = { ok: true; tokenFromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export interface GuardConfig {
  host: string;
  port: number;
  token: string;
  cookieName: string;
}

export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set([host]);
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') {
    names.add('127.0.0.1').add('localhost').add('[::1]');
  }
  if (host.includes(':') && !host.startsWith('[')) names.add(`[${host}]`);
  return new Set([...names].map((name) => `${name}:${port}`));
}

function sameToken(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function checkRequest(req: IncomingMessage, config: GuardConfig): GuardVerdict {
  const hosts = allowedHosts(config.host, config.port);
  const host = req.headers.host?.toLowerCase();
  if (!host || !hosts.has(host)) {
    return { ok: false, status: 403, reason: `foreign Host header "${req.headers.host ?? ''}"; this server answers only to ${[...hosts].join(', ')}` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    let originHost: string | null = null;
    try {
      const url = new URL(origin);
      originHost = url.protocol === 'http:' ? url.host.toLowerCase() : null;
    } catch {
      originHost = null;
    }
    if (!originHost || !hosts.has(originHost)) {
      return { ok: false, status: 403, reason: `foreign Origin "${origin}"` };
    }
  } else if (origin === 'null') {
    return { ok: false, status: 403, reason: 'foreign Origin "null"' };
  }

  const url = new URL(req.url ?? '/', 'http://placeholder');
  const fromQuery = url.searchParams.get('token') ?? undefined;
  const fromHeader = req.headers[TOKEN_HEADER];
  const header = Array.isArray(fromHeader) ? fromHeader[0] : fromHeader;
  const fromCookie = readCookie(req.headers.cookie, config.cookieName);
  if (sameToken(fromQuery, config.token)) return { ok: true, tokenFromQuery: true };
  if (sameToken(header, config.token) || sameToken(fromCookie, config.token)) return { ok: true, tokenFromQuery: false };
  const given = fromQuery ?? header ?? fromCookie;
  return {
    ok: false,
    status: 401,
    reason: given ? 'wrong token; open the URL that `vigil serve` printed at start' : 'missing token; open the URL that `vigil serve` printed at start',
  };
}
