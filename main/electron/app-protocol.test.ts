// app://vigil serves dist/renderer with the CSP, and no path — however encoded — leaves that folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../shared/contracts/transport';
import { appScheme, createAppProtocolHandler, resolveRendererPath } from './app-protocol';

// Made at collection time: the traversal table below names a file in it.
const base = mkdtempSync(path.join(tmpdir(), 'vigil-protocol-'));
const renderer = path.join(base, 'dist', 'renderer');
let handler: (request: Request) => Promise<Response>;

/** Electron hands protocol handlers the URL as Chromium parsed it; some tests need the raw string. */
const get = (url: string, method = 'GET') => handler({ url, method } as Request);

beforeAll(() => {
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Vigil</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log("vigil")');
  writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
  writeFileSync(path.join(base, 'dist', 'renderer-evil.txt'), 'SIBLING SECRET');
  symlinkSync(path.join(base, 'secret.txt'), path.join(renderer, 'assets', 'link.txt'));
  handler = createAppProtocolHandler(renderer);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

describe('app:// scheme', () => {
  it('is registered standard, secure and fetch-capable', () => {
    expect(appScheme).toEqual({ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } });
  });
});

describe('app:// protocol handler', () => {
  it('serves index.html for / with the CSP and nosniff', async () => {
    const response = await get('app://vigil/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Vigil</title>');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('serves assets with their type, and HEAD without a body', async () => {
    const response = await get('app://vigil/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
    expect(await response.text()).toBe('console.log("vigil")');
    const head = await get('app://vigil/assets/app.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it.each([
    'app://vigil/../../etc/passwd',
    'app://vigil/..%2F..%2F..%2Fetc%2Fpasswd',
    'app://vigil/%2e%2e/%2e%2e/secret.txt',
    'app://vigil/..%2Fsecret.txt',
    'app://vigil/assets/..%2F..%2F..%2Fsecret.txt',
    'app://vigil/..%2F..%2Fsecret.txt',
    'app://vigil/..%2Frenderer-evil.txt',
    'app://vigil/..%5C..%5Csecret.txt',
    `app://vigil/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
    'app://vigil/index.html%00.png',
    'app://vigil/%E0%A4%A',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect([403, 404]).toContain(response.status);
    const body = await response.text();
    expect(body).not.toContain('SECRET');
    expect(body).not.toContain('root:');
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
  });

  it('refuses a raw traversal string and never resolves outside the folder', () => {
    expect(resolveRendererPath(renderer, 'app://vigil/../../etc/passwd')).toEqual({ kind: 'refused' });
    expect(resolveRendererPath(renderer, 'app://vigil/..%2F..%2Fsecret.txt')).toEqual({ kind: 'refused' });
    expect(resolveRendererPath(renderer, 'app://vigil/..%2Frenderer-evil.txt')).toEqual({ kind: 'refused' });
    expect(resolveRendererPath(renderer, 'app://vigil/assets/app.js')).toEqual({ kind: 'file', path: path.join(renderer, 'assets', 'app.js') });
  });

  it('does not follow a symlink out of the renderer folder', async () => {
    const response = await get('app://vigil/assets/link.txt');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('SECRET');
  });

  it('refuses other hosts and methods other than GET/HEAD', async () => {
    expect((await get('app://evil/index.html')).status).toBe(403);
    expect((await get('app://vigil/index.html', 'POST')).status).toBe(405);
  });

  it('answers missing files and folders with 404', async () => {
    expect((await get('app://vigil/images/sha256-abc')).status).toBe(404);
    expect((await get('app://vigil/assets/missing.js')).status).toBe(404);
    expect((await get('app://vigil/assets')).status).toBe(404);
  });

  it('serves names that merely contain dots', () => {
    expect(resolveRendererPath(renderer, 'app://vigil/assets/app..js')).toEqual({ kind: 'file', path: path.join(renderer, 'assets', 'app..js') });
    expect(resolveRendererPath(renderer, 'app://vigil/..well-known')).toEqual({ kind: 'file', path: path.join(renderer, '..well-known') });
  });

  it('works with a real Request as Electron passes it', async () => {
    const response = await handler(new Request('app://vigil/assets/app.js'));
    expect(response.status).toBe(200);
  });
});
