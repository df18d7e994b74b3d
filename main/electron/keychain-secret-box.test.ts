// The desktop's safeStorage box against the fake Electron: when the keychain counts (not
// before 'ready', not Linux's basic_text), the round trip through the core's store, a keychain
// that goes away, and the box reaching createCore when the app starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron'));

import type { CoreOptions } from '../core/app-core';
import { RegistryCredentials } from '../core/registry-credentials/registry-credentials';
import { StoreState } from '../core/store/store-state';
import { startDesktopApp } from './app-lifecycle';
import { app, resetFakeElectron, safeStorage } from './fake-electron';
import { desktopSecretBox, KeychainSecretBox, keychainProblem } from './keychain-secret-box';

const PASSWORD = 'K3ychain-Plain-Text';
const cleanups: Array<() => void> = [];
beforeEach(() => resetFakeElectron());
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  vi.restoreAllMocks();
});

async function readyWithKeychain(backend: typeof safeStorage.backend = 'gnome_libsecret') {
  safeStorage.keychain = true;
  safeStorage.backend = backend;
  await app.becomeReady();
}

describe('OS keychain secret box', () => {
  it('does not count before ready, without a keychain, or with Linux basic_text', async () => {
    safeStorage.keychain = true;
    expect(keychainProblem(safeStorage, 'linux')).toMatch(/OS keychain is not available/); // not ready yet
    await app.becomeReady();
    expect(keychainProblem(safeStorage, 'linux')).toMatch(/no secret store .* protects nothing/);
    expect(desktopSecretBox(safeStorage, 'linux').box).toBeNull();
    expect(keychainProblem(safeStorage, 'darwin')).toBeNull(); // the backend is a Linux notion
    safeStorage.backend = 'kwallet6';
    expect(desktopSecretBox(safeStorage, 'linux').box).toBeInstanceOf(KeychainSecretBox);
    safeStorage.keychain = false;
    expect(desktopSecretBox(safeStorage, 'win32')).toEqual({ box: null, problem: expect.stringMatching(/not available/) });
  });

  it('seals with safeStorage, opens again, and refuses bytes another login sealed', async () => {
    await readyWithKeychain();
    const box = new KeychainSecretBox(safeStorage, 'linux');
    expect(box.state()).toEqual({ kind: 'os-keychain', available: true, locked: false, configured: true, message: null });
    const sealed = box.encrypt(PASSWORD);
    expect(sealed.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(box.decrypt(sealed)).toBe(PASSWORD);
    expect(safeStorage.calls).toContain('encryptString');
    safeStorage.rotateKey();
    expect(() => box.decrypt(sealed)).toThrow(/cannot be opened with the OS keychain \(Error while decrypting/);
  });

  it('says credentials cannot be saved when the keychain goes away, and never calls it then', async () => {
    await readyWithKeychain();
    const box = new KeychainSecretBox(safeStorage, 'linux');
    safeStorage.keychain = false;
    expect(box.state()).toMatchObject({ available: false, locked: true, message: expect.stringMatching(/cannot be saved; scans still accept credentials given with each scan/) });
    safeStorage.calls.length = 0;
    expect(() => box.encrypt(PASSWORD)).toThrow(/cannot encrypt the password: the OS keychain is not available/);
    expect(safeStorage.calls).not.toContain('encryptString');
  });

  it('keeps the password out of the SQLite file when the core saves through it', async () => {
    await readyWithKeychain();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-keychain-'));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const store = StoreState.open(dir);
    cleanups.push(() => store.close());
    const credentials = new RegistryCredentials(store, new KeychainSecretBox(safeStorage, 'linux'));
    expect(credentials.save({ host: 'registry.example.com', username: 'desk', password: PASSWORD, insecure: false })).toMatchObject({ sealedBy: 'os-keychain', usable: true });
    expect(credentials.credentialsFor('registry.example.com/team/app')).toEqual({ username: 'desk', password: PASSWORD, insecure: false });
    store.close();
    const onDisk = Buffer.concat(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f))));
    expect(onDisk.includes(Buffer.from(PASSWORD))).toBe(false);
    expect(onDisk.includes(Buffer.from('v11'))).toBe(true); // safeStorage's bytes are what was stored
  });

  describe('at app start', () => {
    const core = (_options: CoreOptions) => ({ server: { call: vi.fn(), subscribe: vi.fn() }, close: async () => undefined });

    it('passes the keychain box to createCore once Electron is ready', async () => {
      const createCore = vi.fn(core);
      startDesktopApp({ createCore: createCore as never, env: {} });
      safeStorage.keychain = true;
      safeStorage.backend = 'gnome_libsecret';
      await app.becomeReady();
      expect(createCore).toHaveBeenCalledOnce();
      const box = createCore.mock.calls[0]![0].secretBox;
      expect(box).toBeInstanceOf(KeychainSecretBox);
    });

    it('passes none (the core uses a passphrase) and says why when the keychain protects nothing', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      const createCore = vi.fn(core);
      startDesktopApp({ createCore: createCore as never, env: {} });
      await app.becomeReady();
      expect(createCore.mock.calls[0]![0]).not.toHaveProperty('secretBox');
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/OS keychain is not available .* sealed with a passphrase instead/));
    });
  });
});
