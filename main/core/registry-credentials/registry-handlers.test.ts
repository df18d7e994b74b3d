// The registries.* operations through a real RpcServer and a real store: roles, validation,
// the output contract, and an operation trail that never holds the password or passphrase.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { contract } from '../../../shared/contracts';
import type { Caller } from '../rpc/caller';
import { RpcServer } from '../rpc/rpc-server';
import { StoreState } from '../store/store-state';
import { TaskManager } from '../tasks/task-manager';
import { StoreTrailSink } from '../trail/trail-sink';
import { PassphraseSecretBox } from './passphrase-secret-box';
import { RegistryCredentials } from './registry-credentials';
import { registerRegistryHandlers } from './registry-handlers';
import type { SecretBox } from './secret-box';

const admin: Caller = { role: 'administrator', transport: 'internal', actor: 'admin' };
const analyst: Caller = { role: 'full-access', transport: 'internal', actor: 'analyst' };
const auditor: Caller = { role: 'read-only', transport: 'internal', actor: 'auditor' };
const PASSWORD = 'Tr41l-Must-N0t-Hold-This';
const PASSPHRASE = 'correct horse battery staple';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup(box?: (store: StoreState) => SecretBox) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-registries-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const store = StoreState.open(dir);
  cleanups.push(() => store.close());
  const server = new RpcServer(contract, { trail: new StoreTrailSink(store), tasks: new TaskManager(null) });
  const credentials = new RegistryCredentials(store, box?.(store) ?? new PassphraseSecretBox(() => store.db(), { scrypt: { N: 1024, r: 8, p: 1 } }));
  registerRegistryHandlers(server, credentials);
  const call = async <T = any>(caller: Caller, name: string, input: unknown): Promise<T> => {
    const result = await server.call(caller, name, input);
    if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
    return result.value as T;
  };
  const trail = () => store.db().prepare('SELECT operation, input, outcome, error FROM operation_trail ORDER BY id').all() as { operation: string; input: string; outcome: string; error: string | null }[];
  return { dir, store, server, call, credentials, trail };
}

describe('registries handlers', () => {
  it('implement every registries.* operation of the contract', () => {
    const { server } = setup();
    expect(server.missing().filter((name) => name.startsWith('registries.'))).toEqual([]);
  });

  it('unlock, save, list, remove as an administrator; the trail records them with the secrets redacted', async () => {
    const { call, trail, dir, store, credentials } = setup();
    expect(await call(auditor, 'registries.list', {})).toMatchObject({ total: 0, rows: [], box: { kind: 'passphrase', locked: true, configured: false } });
    await expect(call(admin, 'registries.save', { host: 'localhost:5000', username: 'ci', password: PASSWORD })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/cannot save the credentials for localhost:5000: no passphrase has been chosen yet/),
    });

    expect(await call(admin, 'registries.unlock', { passphrase: PASSPHRASE })).toMatchObject({ kind: 'passphrase', locked: false, configured: true });
    const saved = await call(admin, 'registries.save', { host: 'LocalHost:5000', username: 'ci', password: PASSWORD });
    expect(saved).toMatchObject({ host: 'localhost:5000', username: 'ci', insecure: false, usable: true });
    expect(saved).not.toHaveProperty('password');

    const listed = await call(auditor, 'registries.list', {});
    expect(listed).toMatchObject({ total: 1, box: { locked: false }, rows: [{ host: 'localhost:5000', username: 'ci' }] });
    expect(JSON.stringify(listed)).not.toContain(PASSWORD);
    expect(credentials.credentialsFor('localhost:5000/team/app:1.0')).toEqual({ username: 'ci', password: PASSWORD, insecure: false });

    expect(await call(admin, 'registries.remove', { host: 'localhost:5000' })).toEqual({ removed: true });
    expect(await call(admin, 'registries.remove', { host: 'localhost:5000' })).toEqual({ removed: false });

    const entries = trail();
    expect(entries.map((e) => `${e.operation} ${e.outcome}`)).toEqual([
      'registries.save failed',
      'registries.unlock ok',
      'registries.save ok',
      'registries.remove ok',
      'registries.remove ok',
    ]);
    expect(JSON.parse(entries[2]!.input)).toEqual({ host: 'LocalHost:5000', username: 'ci', password: '***', insecure: false });
    expect(JSON.parse(entries[1]!.input)).toEqual({ passphrase: '***' });
    const all = JSON.stringify(entries);
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(PASSPHRASE);
    store.close();
    const onDisk = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
    expect(onDisk.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(onDisk.includes(Buffer.from(PASSPHRASE))).toBe(false);
  });

  it('keeps saving and removing for administrators and choosing the passphrase too; others may unlock', async () => {
    const { call } = setup();
    await expect(call(analyst, 'registries.save', { host: 'ghcr.io', username: 'u', password: 'p' })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/for administrators/) });
    await expect(call(analyst, 'registries.remove', { host: 'ghcr.io' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(call(analyst, 'registries.unlock', { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/choosing it is for administrators/) });
    await expect(call(auditor, 'registries.unlock', { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'forbidden', message: expect.stringMatching(/read-only/) });
    await call(admin, 'registries.unlock', { passphrase: PASSPHRASE });
    // A wrong passphrase is refused clearly, a right one accepted from a non-administrator.
    await expect(call(analyst, 'registries.unlock', { passphrase: 'not it at all' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/passphrase: wrong passphrase/) });
    expect(await call(analyst, 'registries.unlock', { passphrase: PASSPHRASE })).toMatchObject({ locked: false });
  });

  it('names the bad field in input errors', async () => {
    const { call } = setup();
    await call(admin, 'registries.unlock', { passphrase: PASSPHRASE });
    await expect(call(admin, 'registries.save', { host: 'ghcr.io', username: 'u', password: '' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/password: give the password or token/) });
    await expect(call(admin, 'registries.save', { host: 'no such host!', username: 'u', password: 'p' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/host: "no such host!" is not a registry host/) });
    await expect(call(admin, 'registries.save', { host: 'ghcr.io', username: 'u', password: 'p', token: 'x' })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/token/) });
  });

  it('an OS-keychain box has no passphrase to give, and says when it cannot seal', async () => {
    const unavailable: SecretBox = {
      kind: 'os-keychain',
      locked: true,
      state: () => ({ kind: 'os-keychain', available: false, locked: true, configured: false, message: 'the OS keychain is not available to Vigil' }),
      encrypt: () => {
        throw new Error('must not be called');
      },
      decrypt: () => {
        throw new Error('must not be called');
      },
    };
    const { call } = setup(() => unavailable);
    expect(await call(auditor, 'registries.list', {})).toMatchObject({ box: { kind: 'os-keychain', available: false } });
    await expect(call(admin, 'registries.unlock', { passphrase: PASSPHRASE })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/sealed by the OS keychain .* there is no passphrase to give/) });
    await expect(call(admin, 'registries.save', { host: 'ghcr.io', username: 'u', password: 'p' })).rejects.toMatchObject({ code: 'unavailable', message: expect.stringMatching(/OS keychain is not available/) });
  });
});
