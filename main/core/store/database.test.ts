import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RpcError } from '../../../shared/contracts/errors';
import { DATABASE_FILE, openStore } from './database';
import { latestSchemaVersion, migrations } from './migrations';
import { StoreState } from './store-state';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-store-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function openError(target: string): RpcError {
  try {
    openStore(target).db.close();
  } catch (error) {
    return error as RpcError;
  }
  throw new Error('openStore did not fail');
}

describe('openStore', () => {
  it('creates a missing data directory, applies every migration once, and uses WAL', () => {
    const nested = path.join(dir, 'a', 'b');
    const first = openStore(nested);
    expect(first.applied).toEqual(migrations.map((m) => m.version));
    expect(first.schemaVersion).toBe(latestSchemaVersion);
    expect(first.db.pragma('journal_mode', { simple: true })).toBe('wal');
    first.db.prepare("INSERT INTO settings (key, value) VALUES ('theme', '\"dark\"')").run();
    first.db.close();
    const second = openStore(nested);
    expect(second.applied).toEqual([]);
    expect(second.db.prepare("SELECT value FROM settings WHERE key = 'theme'").get()).toEqual({ value: '"dark"' });
    second.db.close();
  });

  it('applies only the migrations a database lacks, in order', () => {
    const extra = [...migrations, { version: latestSchemaVersion + 1, name: 'test', sql: 'CREATE TABLE later (x INTEGER);' }];
    openStore(dir).db.close();
    const upgraded = openStore(dir, { migrations: extra });
    expect(upgraded.applied).toEqual([latestSchemaVersion + 1]);
    expect(upgraded.db.prepare("SELECT name FROM sqlite_master WHERE name = 'later'").get()).toEqual({ name: 'later' });
    upgraded.db.close();
  });

  it('rolls back a failing migration and leaves the database at its previous version', () => {
    openStore(dir).db.close();
    const broken = [...migrations, { version: latestSchemaVersion + 1, name: 'bad', sql: 'CREATE TABLE half (x); SELECT * FROM missing_table;' }];
    const error = (() => {
      try {
        openStore(dir, { migrations: broken });
      } catch (e) {
        return e as RpcError;
      }
      throw new Error('no error');
    })();
    expect(error.message).toMatch(/could not be prepared.*missing_table/);
    const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(latestSchemaVersion);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a database from a newer version and does not change it', () => {
    const file = path.join(dir, DATABASE_FILE);
    const db = new Database(file);
    db.exec('CREATE TABLE future (x)');
    db.pragma(`user_version = ${latestSchemaVersion + 7}`);
    db.close();
    const before = fs.readFileSync(file);
    const error = openError(dir);
    expect(error.code).toBe('unavailable');
    expect(error.message).toContain(file);
    expect(error.message).toContain(`schema ${latestSchemaVersion + 7}`);
    expect(error.message).toMatch(/newer Vigil/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a corrupt database file, names it, and leaves its bytes untouched', () => {
    const file = path.join(dir, DATABASE_FILE);
    const garbage = Buffer.from('this is not sqlite at all, but it is someone\'s evidence'.repeat(200));
    fs.writeFileSync(file, garbage);
    const error = openError(dir);
    expect(error.code).toBe('unavailable');
    expect(error.details).toMatchObject({ reason: 'corrupt', path: file });
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/left untouched/);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('explains a data directory that is a file', () => {
    const notDir = path.join(dir, 'file');
    fs.writeFileSync(notDir, 'x');
    const error = openError(notDir);
    expect(error.message).toContain(notDir);
    expect(error.details).toMatchObject({ reason: 'data-dir' });
  });

  it('makes the trail append-only', () => {
    const store = openStore(dir);
    store.db
      .prepare("INSERT INTO operation_trail (at, actor, role, transport, operation, writes, input, outcome) VALUES ('t', 'a', 'administrator', 'cli', 'x', 'local', '{}', 'ok')")
      .run();
    expect(() => store.db.prepare("UPDATE operation_trail SET actor = 'mallory'").run()).toThrow(/append-only/);
    expect(() => store.db.prepare('DELETE FROM operation_trail').run()).toThrow(/append-only/);
    expect(store.db.prepare('SELECT actor FROM operation_trail').get()).toEqual({ actor: 'a' });
    store.db.close();
  });
});

describe('StoreState', () => {
  it('keeps the app alive with a broken store and reports why', () => {
    fs.writeFileSync(path.join(dir, DATABASE_FILE), 'garbage'.repeat(1000));
    const state = StoreState.open(dir);
    expect(state.ready).toBe(false);
    expect(state.status()).toMatchObject({ state: 'error', schemaVersion: null, error: { code: 'unavailable' } });
    expect(() => state.db()).toThrow(/cannot be read/);
  });
});
