// app://vigil serves the built renderer (dist/renderer) and nothing else: a privileged standard
// scheme gives the renderer a real origin (so CSP 'self' and fetch work) without file:// and its
// access to the whole disk.
import { realpathSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import type { CustomScheme, Protocol } from 'electron';
import { contentSecurityPolicy } from '../../shared/contracts/transport';
import { APP_HOST, APP_SCHEME } from './app-origin';

/** Must be registered before the app is ready (protocol.registerSchemesAsPrivileged). */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

/** Sent with every file, so the policy holds even if the session-level header is bypassed. */
export const securityHeaders: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': contentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

export type ResolvedPath = { kind: 'file'; path: string } | { kind: 'refused' };

/**
 * Maps an app:// URL to a path under `root`, or refuses it. The URL parser already folds
 * literal "../", but "%2F" and "%5C" survive parsing and become separators once decoded,
 * so the decoded path is resolved and checked again.
 */
export function resolveRendererPath(root: string, url: string): ResolvedPath {
  // Chromium folds dot segments before we see the URL; one that still has them was crafted.
  if (/(^|[/\\])(\.|%2e){2}([/\\?#]|%2f|%5c|$)/i.test(url)) return { kind: 'refused' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused' };
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname.toLowerCase() !== APP_HOST) return { kind: 'refused' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(parsed.pathname);
  } catch {
    return { kind: 'refused' };
  }
  // NUL truncates paths in native code; a backslash is a separator on Windows and never in our file names.
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused' };
  const relative = decoded.replace(/^\/+/, '') || 'index.html';
  const absoluteRoot = path.resolve(root);
  const candidate = path.resolve(absoluteRoot, relative);
  if (!isInside(absoluteRoot, candidate)) return { kind: 'refused' };
  return { kind: 'file', path: candidate };
}

function respond(status: number, body: string): Response {
  return new Response(body, { status, headers: { ...securityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** A symlink inside the build must not point outside it either. */
function realFileInside(root: string, file: string): string | null {
  try {
    const real = realpathSync(file);
    return isInside(realpathSync(root), real) ? real : null;
  } catch {
    return null;
  }
}

async function readIfFile(file: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const stat = await fsp.stat(file);
    if (!stat.isFile()) return null;
    return new Uint8Array(await fsp.readFile(file));
  } catch {
    return null;
  }
}

export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = path.resolve(rendererDir);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405, 'method not allowed');
    const resolved = resolveRendererPath(root, request.url);
    if (resolved.kind === 'refused') return respond(403, 'forbidden');

    // No fallback to index.html: the window only ever loads index.html, and the renderer routes in-page.
    const file = realFileInside(root, resolved.path);
    if (!file) return respond(404, 'not found');

    const body = await readIfFile(file);
    if (!body) return respond(404, 'not found');
    const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const headers = { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
  };
}

/** protocol.handle on the default session, the one the main window uses. */
export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir));
}
