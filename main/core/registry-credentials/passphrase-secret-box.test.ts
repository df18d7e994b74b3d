// The passphrase box against a real database: choosing, unlocking, refusing a wrong passphrase
// without changing anything, refusing to seal or open while locked, and the env variable.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type OpenedStore } from '../store/database';
import { DEFAULT_SCRYPT, PassphraseSecretBox, PASSPHRASE_ENV, type PassphraseSecretBoxOptions } from './passphrase-secret-box';

const FAST = { N: 1024, r: 8, p: 1 }; // the real cost is checked once, below
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function openTempStore(): OpenedStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-box-'));
  const store = openStore(dir);
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => store.db.close());
  return store;
}

function box(store: OpenedStore, options: PassphraseSecretBoxOptions = {}) {
  return new PassphraseSecretBox(() => store.db, { scrypt: FAST, ...options });
}

describe('passphrase secret box', () => {
  it('starts locked and unconfigured, and says how to choose a passphrase', () => {
    const b = box(openTempStore());
    expect(b.locked).toBe(true);
    expect(b.state()).toEqual({ kind: 'passphrase', available: true, locked: true, configured: false, message: expect.stringMatching(/no passphrase has been chosen yet/) });
    expect(() => b.encrypt('s3cret')).toThrow(/cannot encrypt the password: no passphrase has been chosen yet/);
  });

  it('chooses a passphrase on the first unlock (administrators only) and seals with a fresh IV each time', () => {
    const b = box(openTempStore());
    expect(() => b.unlock('correct horse battery', { mayChoose: false })).toThrow(/choosing it is for administrators/);
    expect(() => b.unlock('short', { mayChoose: true })).toThrow(/passphrase: choose at least 8 characters/);
    b.unlock('correct horse battery', { mayChoose: true });
    expect(b.state()).toMatchObject({ locked: false, configured: true, message: null });
    const one = b.encrypt('s3cret-password');
    const two = b.encrypt('s3cret-password');
    expect(one.equals(two)).toBe(false);
    expect(one.includes(Buffer.from('s3cret-password'))).toBe(false);
    expect(b.decrypt(one)).toBe('s3cret-password');
    expect(b.decrypt(two)).toBe('s3cret-password');
  });

  it('a second process opens with the same passphrase and refuses a wrong one clearly, staying locked', () => {
    const store = openTempStore();
    const first = box(store);
    first.unlock('correct horse battery', { mayChoose: true });
    const sealed = first.encrypt('s3cret-password');
    const meta = store.db.prepare('SELECT * FROM secret_box_meta').all();

    const second = box(store);
    expect(second.state()).toMatchObject({ locked: true, configured: true, message: expect.stringMatching(/locked: give the passphrase/) });
    // Even when it may choose: a passphrase exists, so a wrong one is wrong, never a new choice.
    expect(() => second.unlock('wrong horse battery', { mayChoose: true })).toThrow(/passphrase: wrong passphrase; it does not open the saved registry credentials/);
    expect(second.locked).toBe(true);
    expect(() => second.decrypt(sealed)).toThrow(/cannot open the saved password: saved registry credentials are locked/);
    expect(store.db.prepare('SELECT * FROM secret_box_meta').all()).toEqual(meta);

    second.unlock('correct horse battery');
    expect(second.decrypt(sealed)).toBe('s3cret-password');
  });

  it('refuses changed bytes, and forgets the key on lock()', () => {
    const b = box(openTempStore());
    b.unlock('correct horse battery', { mayChoose: true });
    const sealed = b.encrypt('s3cret-password');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => b.decrypt(tampered)).toThrow(/cannot be opened with this passphrase/);
    b.lock();
    expect(b.locked).toBe(true);
    expect(() => b.decrypt(sealed)).toThrow(/locked/);
  });

  it(`unlocks from ${PASSPHRASE_ENV} on first use, and reports a wrong one without the passphrase`, () => {
    const store = openTempStore();
    const chooser = box(store, { env: { [PASSPHRASE_ENV]: 'correct horse battery' } });
    expect(chooser.locked).toBe(false); // nothing chosen yet: the env variable chooses it
    const sealed = chooser.encrypt('s3cret-password');

    expect(box(store, { env: { [PASSPHRASE_ENV]: 'correct horse battery' } }).decrypt(sealed)).toBe('s3cret-password');

    const warnings: string[] = [];
    const wrong = box(store, { env: { [PASSPHRASE_ENV]: 'not the passphrase' }, warn: (m) => warnings.push(m) });
    expect(wrong.state()).toMatchObject({ locked: true, message: expect.stringMatching(new RegExp(`${PASSPHRASE_ENV} did not unlock .*wrong passphrase`)) });
    expect(warnings).toHaveLength(1);
    expect(warnings.join()).not.toContain('not the passphrase');
  });

  it('is unavailable, not broken, when the database is not open', () => {
    const b = new PassphraseSecretBox(() => {
      throw new Error('database /x/vigil.db cannot be read');
    });
    expect(b.state()).toMatchObject({ available: false, locked: true, message: expect.stringMatching(/database is not available \(database \/x\/vigil\.db cannot be read\)/) });
  });

  it('works at the real scrypt cost (Node refuses it without a raised maxmem)', () => {
    const b = new PassphraseSecretBox(() => openTempStore().db, { scrypt: DEFAULT_SCRYPT });
    b.unlock('correct horse battery', { mayChoose: true });
    expect(b.decrypt(b.encrypt('x'))).toBe('x');
  });
});
