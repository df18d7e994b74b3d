// Saved credentials through a real SQLite file: the round trip, the bytes on disk (the password
// must not be there in plain text, WAL included), the lookup scans use, and a locked box.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StoreState } from '../store/store-state';
import { CredentialRepository } from './credential-repository';
import { PassphraseSecretBox } from './passphrase-secret-box';
import { RegistryCredentials } from './registry-credentials';

const FAST = { N: 1024, r: 8, p: 1 };
const PASSWORD = 'Pl41n-T3xt-Must-N0t-Appear';
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-creds-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const open = () => {
    const store = StoreState.open(dir);
    cleanups.push(() => store.close());
    const box = new PassphraseSecretBox(() => store.db(), { scrypt: FAST });
    return { store, box, credentials: new RegistryCredentials(store, box, () => new Date('2026-03-01T10:00:00Z')) };
  };
  return { dir, open };
}

/** Every byte Vigil wrote in the data directory: the database, its WAL and shared memory. */
function bytesOnDisk(dir: string): Buffer {
  return Buffer.concat(fs.readdirSync(dir).map((name) => fs.readFileSync(path.join(dir, name))));
}

describe('registry credentials', () => {
  it('round-trips through the SQLite file without the password ever being on disk in plain text', () => {
    const { dir, open } = setup();
    const first = open();
    first.credentials.unlock('correct horse battery', { mayChoose: true });
    const saved = first.credentials.save({ host: 'https://Registry.Example.com:5000/v2/', username: 'ci-bot', password: PASSWORD, insecure: true });
    expect(saved).toEqual({
      host: 'registry.example.com:5000',
      username: 'ci-bot',
      insecure: true,
      sealedBy: 'passphrase',
      usable: true,
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(JSON.stringify(first.credentials.list())).not.toContain(PASSWORD);
    expect(bytesOnDisk(dir).includes(Buffer.from(PASSWORD))).toBe(false); // while open: the WAL too
    first.store.close();
    expect(bytesOnDisk(dir).includes(Buffer.from(PASSWORD))).toBe(false); // after the checkpoint
    expect(bytesOnDisk(dir).includes(Buffer.from('registry.example.com:5000'))).toBe(true); // the row is there

    const second = open();
    expect(second.credentials.list()).toMatchObject({ total: 1, box: { locked: true, configured: true }, rows: [{ host: 'registry.example.com:5000', username: 'ci-bot' }] });
    second.credentials.unlock('correct horse battery', { mayChoose: false });
    expect(second.credentials.credentialsFor('registry.example.com:5000/team/app:1.0')).toEqual({ username: 'ci-bot', password: PASSWORD, insecure: true });
  });

  it('refuses a wrong passphrase and, while locked, refuses to save or reveal', () => {
    const { open } = setup();
    const first = open();
    first.credentials.unlock('correct horse battery', { mayChoose: true });
    first.credentials.save({ host: 'docker.io', username: 'dana', password: PASSWORD, insecure: false });
    first.store.close();

    const second = open();
    expect(() => second.credentials.unlock('wrong horse battery', { mayChoose: true })).toThrow(/wrong passphrase/);
    expect(() => second.credentials.save({ host: 'ghcr.io', username: 'x', password: 'y', insecure: false })).toThrow(
      /cannot save the credentials for ghcr\.io: saved registry credentials are locked/,
    );
    const reasons: string[] = [];
    expect(second.credentials.credentialsFor('alpine', (reason) => reasons.push(reason))).toBeNull();
    expect(reasons).toEqual([expect.stringMatching(/^cannot use the credentials saved for docker\.io: saved registry credentials are locked/)]);
    expect(second.credentials.credentialsFor('alpine')).toBeNull(); // the reason is optional
    expect(second.credentials.list().total).toBe(1); // nothing was written by the refusals
  });

  it('looks credentials up by the registry of an image reference', () => {
    const { open } = setup();
    const { credentials } = open();
    credentials.unlock('correct horse battery', { mayChoose: true });
    credentials.save({ host: 'index.docker.io', username: 'hub-user', password: 'hub-pass', insecure: false });
    credentials.save({ host: 'localhost:5000', username: 'local', password: 'local-pass', insecure: true });
    expect(credentials.credentialsFor('alpine')).toEqual({ username: 'hub-user', password: 'hub-pass', insecure: false });
    expect(credentials.credentialsFor('docker.io/library/alpine')).toMatchObject({ username: 'hub-user' });
    expect(credentials.credentialsFor('localhost:5000/team/app:1.0')).toEqual({ username: 'local', password: 'local-pass', insecure: true });
    expect(credentials.credentialsFor('localhost:5001/team/app')).toBeNull();
    expect(credentials.credentialsFor('ghcr.io/org/app')).toBeNull();
    expect(credentials.credentialsFor('NOT A REFERENCE')).toBeNull();
  });

  it('replaces a host in place (created kept, updated moved) and removes by any spelling', () => {
    const { open } = setup();
    const { store, credentials, box } = open();
    credentials.unlock('correct horse battery', { mayChoose: true });
    credentials.save({ host: 'localhost:5000', username: 'old', password: 'old-pass', insecure: false });
    const later = new RegistryCredentials(store, box, () => new Date('2026-04-01T00:00:00Z'));
    expect(later.save({ host: 'LOCALHOST:5000', username: 'new', password: 'new-pass', insecure: true })).toMatchObject({
      username: 'new',
      createdAt: '2026-03-01T10:00:00.000Z',
      updatedAt: '2026-04-01T00:00:00.000Z',
    });
    expect(later.credentialsFor('localhost:5000/app')).toEqual({ username: 'new', password: 'new-pass', insecure: true });
    expect(later.remove('http://localhost:5000/')).toBe(true);
    expect(later.remove('localhost:5000')).toBe(false);
    expect(later.list().total).toBe(0);
  });

  it('says so when a row was sealed by another kind of box (the desktop keychain)', () => {
    const { open } = setup();
    const { store, credentials } = open();
    new CredentialRepository(store.db()).save({ host: 'ghcr.io', username: 'desk', sealed: Buffer.from('v11opaque'), sealedBy: 'os-keychain', insecure: false, at: '2026-01-01T00:00:00Z' });
    credentials.unlock('correct horse battery', { mayChoose: true });
    expect(credentials.list().rows).toMatchObject([{ host: 'ghcr.io', sealedBy: 'os-keychain', usable: false }]);
    const reasons: string[] = [];
    expect(credentials.credentialsFor('ghcr.io/org/app', (reason) => reasons.push(reason))).toBeNull();
    expect(reasons).toEqual([expect.stringMatching(/sealed by the OS keychain \(the desktop app\), which this Vigil does not use/)]);
    // A row this box sealed but whose bytes changed: refused the same way, never garbage.
    new CredentialRepository(store.db()).save({ host: 'quay.io', username: 'q', sealed: Buffer.alloc(40, 1), sealedBy: 'passphrase', insecure: false, at: '2026-01-01T00:00:00Z' });
    expect(credentials.credentialsFor('quay.io/org/app', (reason) => reasons.push(reason))).toBeNull();
    expect(reasons[1]).toMatch(/cannot be opened with this passphrase .* save it again/);
  });

  it('explains, rather than fails, when the database is not open', () => {
    const { dir } = setup();
    fs.writeFileSync(path.join(dir, 'vigil.db'), 'not SQLite at all'.repeat(300));
    const store = StoreState.open(dir);
    cleanups.push(() => store.close());
    const credentials = new RegistryCredentials(store, new PassphraseSecretBox(() => store.db(), { scrypt: FAST }));
    expect(credentials.list()).toEqual({
      total: 0,
      rows: [],
      box: { kind: 'passphrase', available: false, locked: true, configured: false, message: expect.stringMatching(/^the database is not available \(database .*vigil\.db cannot be read/) },
    });
    expect(() => credentials.save({ host: 'ghcr.io', username: 'u', password: 'p', insecure: false })).toThrow(/cannot save the credentials for ghcr\.io: the database is not available/);
    expect(credentials.credentialsFor('ghcr.io/org/app')).toBeNull();
  });

  it('pages the list by host', () => {
    const { open } = setup();
    const { credentials } = open();
    credentials.unlock('correct horse battery', { mayChoose: true });
    for (const host of ['c.example', 'a.example', 'b.example']) credentials.save({ host, username: 'u', password: 'p', insecure: false });
    expect(credentials.list(1, 1)).toMatchObject({ total: 3, rows: [{ host: 'b.example' }] });
  });
});
