import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { defineOperation } from '../../shared/contracts/operation';
import { RpcServer } from '../core/rpc/rpc-server';
import { TaskManager } from '../core/tasks/task-manager';
import { waitUntil } from '../../tests/support/wait-until';
import { startWebHost, type WebHost } from './web-host';

const contract = {
  'demo.add': defineOperation({ name: 'demo.add', kind: 'query', summary: 'add', input: z.object({ a: z.number(), b: z.number() }), output: z.number() }),
  'demo.write': defineOperation({ name: 'demo.write', kind: 'mutation', writes: 'cluster', summary: 'write', input: z.object({}), output: z.object({}) }),
  'demo.count': defineOperation({ name: 'demo.count', kind: 'stream', summary: 'count', input: z.object({ from: z.number() }), output: z.number() }),
};

let host: WebHost;
let readOnlyHost: WebHost;
let rendererDir: string;
let subscriptions = 0;

function request(options: { path?: string; method?: string; headers?: Record<string, string>; body?: string; port?: number }) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: options.port ?? host.port, path: options.path ?? '/', method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    if (options.body) req.write(options.body);
    req.end();
  });
}

function makeServer() {
  const server = new RpcServer(contract, { trail: { assertWritable() {}, append() {} }, tasks: new TaskManager(null) });
  server.implement('demo.add', (i) => i.a + i.b);
  server.implement('demo.write', () => ({}));
  server.implement('demo.count', (input, emit) => {
    subscriptions++;
    let n = input.from;
    const timer = setInterval(() => emit(n++), 5);
    return () => {
      subscriptions--;
      clearInterval(timer);
    };
  });
  return server;
}

beforeAll(async () => {
  rendererDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-renderer-'));
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Vigil</title>');
  fs.writeFileSync(path.join(os.tmpdir(), 'vigil-outside.txt'), 'secret');
  host = await startWebHost({ server: makeServer(), rendererDir, caller: { role: 'administrator', actor: 'test' } });
  readOnlyHost = await startWebHost({ server: makeServer(), rendererDir, caller: { role: 'read-only', actor: 'auditor' } });
});
afterAll(async () => {
  await host.close();
  await readOnlyHost.close();
  fs.rmSync(rendererDir, { recursive: true, force: true });
});

const hostHeader = () => `127.0.0.1:${host.port}`;
const call = (body: unknown, headers: Record<string, string> = {}) =>
  request({ path: '/api/call', method: 'POST', headers: { 'content-type': 'application/json', 'x-vigil-token': host.token, ...headers }, body: JSON.stringify(body) });

describe('web host', () => {
  it('binds 127.0.0.1 on a random port and prints a URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/`);
    expect(host.port).toBeGreaterThan(0);
    expect(host.openUrl).toBe(`${host.url}?token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(32);
    expect(readOnlyHost.token).not.toBe(host.token);
  });

  it('refuses requests without the token or with a wrong one', async () => {
    expect((await request({ path: '/' })).status).toBe(401);
    expect((await request({ path: '/?token=wrong' })).status).toBe(401);
    const noToken = await request({ path: '/api/call', method: 'POST', body: '{"op":"demo.add","input":{"a":1,"b":2}}' });
    expect(noToken.status).toBe(401);
    expect(JSON.parse(noToken.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await call({ op: 'demo.add', input: { a: 1, b: 2 } }, { 'x-vigil-token': readOnlyHost.token })).status).toBe(401);
  });

  it('serves the UI with the token once, then by cookie, with a CSP', async () => {
    const first = await request({ path: `/?token=${host.token}` });
    expect(first.status).toBe(200);
    expect(first.body).toContain('<title>Vigil</title>');
    expect(first.headers['content-security-policy']).toContain("default-src 'none'");
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toContain(`_${host.port}=`);
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await request({ path: '/index.html', headers: { cookie } })).status).toBe(200);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    const res = await request({ path: `/?token=${host.token}`, headers: { host: `evil.example:${host.port}` } });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toMatch(/foreign Host/);
    expect((await request({ path: `/?token=${host.token}`, headers: { host: `localhost:${host.port}` } })).status).toBe(200);
  });

  it('refuses a foreign Origin even with the right token (cross-site requests)', async () => {
    const foreign = await call({ op: 'demo.add', input: { a: 1, b: 2 } }, { origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error.message).toMatch(/foreign Origin/);
    expect((await call({ op: 'demo.add', input: { a: 1, b: 2 } }, { origin: 'null' })).status).toBe(403);
    expect((await call({ op: 'demo.add', input: { a: 1, b: 2 } }, { origin: `http://${hostHeader()}` })).status).toBe(200);
  });

  it('answers calls in the one envelope, keeping codes and messages', async () => {
    const ok = await call({ op: 'demo.add', input: { a: 2, b: 40 } });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: 42 });
    const invalid = await call({ op: 'demo.add', input: { a: 'x', b: 1 } });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body).error).toMatchObject({ code: 'invalid_input' });
    expect(JSON.parse(invalid.body).error.message).toContain('a:');
    const garbage = await request({ path: '/api/call', method: 'POST', headers: { 'x-vigil-token': host.token }, body: '{not json' });
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body).error.message).toMatch(/request body/);
    const unknown = await call({ op: 'demo.nothing' });
    expect(JSON.parse(unknown.body).error.code).toBe('unknown_operation');
  });

  it('enforces the session role', async () => {
    const res = await request({
      port: readOnlyHost.port,
      path: '/api/call',
      method: 'POST',
      headers: { 'x-vigil-token': readOnlyHost.token },
      body: JSON.stringify({ op: 'demo.write', input: {} }),
    });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).error.message).toMatch(/read-only/);
  });

  it('never serves files outside the renderer folder', async () => {
    for (const p of ['/../vigil-outside.txt', '/%2e%2e/vigil-outside.txt', '/..%2fvigil-outside.txt', '/%00']) {
      const res = await request({ path: p, headers: { 'x-vigil-token': host.token } });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('secret');
    }
  });

  it('streams over one WebSocket and drops subscriptions when it closes', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${'/api/stream'}`, { headers: { 'x-vigil-token': host.token, origin: `http://${hostHeader()}` } });
    const messages: { type: string; id: string; value?: number; error?: { code: string } }[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify({ type: 'subscribe', id: 's1', op: 'demo.count', input: { from: 10 } }));
    ws.send('garbage that is not JSON');
    ws.send(JSON.stringify({ type: 'subscribe', id: 's2', op: 'demo.add', input: {} }));
    await waitUntil(() => messages.filter((m) => m.id === 's1').length >= 3);
    expect(messages.filter((m) => m.id === 's1').slice(0, 3).map((m) => m.value)).toEqual([10, 11, 12]);
    expect(messages.find((m) => m.id === '' && m.type === 'error')?.error?.code).toBe('invalid_input');
    expect(messages.find((m) => m.id === 's2')).toMatchObject({ type: 'error', error: { code: 'invalid_input' } });
    expect(subscriptions).toBe(1);
    ws.close();
    await waitUntil(() => subscriptions === 0);
  });

  it('refuses WebSocket upgrades without the token or from a foreign origin', async () => {
    const attempt = (headers: Record<string, string>) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api/stream`, { headers });
        ws.on('open', () => resolve('open'));
        ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
        ws.on('error', (e) => resolve(e.message));
      });
    expect(await attempt({})).toBe('401');
    expect(await attempt({ 'x-vigil-token': host.token, origin: 'http://evil.example' })).toBe('403');
  });

  it('explains an occupied port', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as net.AddressInfo).port;
    await expect(startWebHost({ server: makeServer(), rendererDir, port, caller: { role: 'administrator', actor: 't' } })).rejects.toThrow(
      new RegExp(`port ${port} on 127.0.0.1 is already in use`),
    );
    blocker.close();
  });
});
