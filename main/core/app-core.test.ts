import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../shared/contracts';
import { createCore, type Core } from './app-core';
import { latestSchemaVersion } from './store/migrations';

let core: Core | undefined;
let dir: string;
afterEach(async () => {
  await core?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('createCore', () => {
  it('implements every operation of the contract and answers as the caller', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-core-'));
    core = createCore({ dataDir: dir, env: { DOCKER_HOST: `unix://${path.join(dir, 'none.sock')}` } });
    expect(core.server.missing()).toEqual([]);
    expect(core.server.operations().map((o) => o.name).sort()).toEqual(Object.keys(contract).sort());
    const status = await core.server.call({ role: 'full-access', transport: 'cli', actor: 'dana' }, 'system.status', {});
    expect(status).toMatchObject({ ok: true, value: { dataDir: dir, store: { state: 'ready', schemaVersion: latestSchemaVersion }, caller: { role: 'full-access', transport: 'cli' } } });
  });

  it('every writing operation says what it writes, and reads write nothing', () => {
    for (const op of Object.values(contract)) {
      if (op.kind === 'query' || op.kind === 'stream') expect(op.writes, op.name).toBe('nothing');
      expect(['cluster', 'docker', 'policy', 'local', 'nothing']).toContain(op.writes);
    }
  });

  it('starts with a damaged store, refuses writes with the reason, and still answers reads', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-core-'));
    fs.writeFileSync(path.join(dir, 'vigil.db'), 'x'.repeat(4096));
    core = createCore({ dataDir: dir, env: {} });
    const admin = { role: 'administrator' as const, transport: 'cli' as const, actor: 'dana' };
    const write = await core.server.call(admin, 'settings.update', { theme: 'dark' });
    expect(write).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    if (!write.ok) expect(write.error.message).toMatch(/operation trail cannot be recorded: database .* cannot be read/);
    expect(await core.server.call(admin, 'system.status', {})).toMatchObject({ ok: true, value: { store: { state: 'error' } } });
  });
});
