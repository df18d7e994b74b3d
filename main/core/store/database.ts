// Opening the store: create the data directory, refuse damaged or newer databases without
// touching them, switch to WAL, apply migrations. Every failure names the file and the fix.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RpcError } from '../../../shared/contracts/errors';
import { latestSchemaVersion, migrations, type Migration } from './migrations';

export type Db = Database.Database;

export const DATABASE_FILE = 'vigil.db';

export interface OpenedStore {
  db: Db;
  path: string;
  schemaVersion: number;
  /** Versions applied during this open (empty when the file was already current). */
  applied: number[];
}

function storeError(reason: string, message: string, file: string): RpcError {
  return new RpcError('unavailable', message, { reason, path: file });
}

export function ensureDataDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw storeError('data-dir', `data directory ${dir} cannot be created (${code}); set VIGIL_HOME to a writable directory`, dir);
  }
  if (!fs.statSync(dir).isDirectory()) {
    throw storeError('data-dir', `data directory ${dir} is a file, not a directory; set VIGIL_HOME to a directory`, dir);
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch {
    throw storeError('data-dir', `data directory ${dir} is not writable by this user; fix its permissions or set VIGIL_HOME`, dir);
  }
}

/** Read the schema version without writing a byte; damaged files are reported, never repaired. */
function inspectExisting(file: string): number {
  let db: Db | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db.pragma('user_version', { simple: true }) as number;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw storeError(
      'corrupt',
      `database ${file} cannot be read (${detail}). It was left untouched: move it aside to start with a new database, or restore a backup.`,
      file,
    );
  } finally {
    db?.close();
  }
}

export function openStore(dir: string, options: { migrations?: readonly Migration[] } = {}): OpenedStore {
  const list = [...(options.migrations ?? migrations)].sort((a, b) => a.version - b.version);
  const latest = options.migrations ? list.reduce((m, x) => Math.max(m, x.version), 0) : latestSchemaVersion;
  ensureDataDir(dir);
  const file = path.join(dir, DATABASE_FILE);
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const found = existed ? inspectExisting(file) : 0;
  if (found > latest) {
    throw storeError(
      'newer-schema',
      `database ${file} was written by a newer Vigil (schema ${found}; this version knows up to ${latest}). It was not changed: update Vigil, or point VIGIL_HOME elsewhere.`,
      file,
    );
  }

  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    const applied: number[] = [];
    for (const migration of list) {
      if (migration.version <= found) continue;
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
      applied.push(migration.version);
    }
    return { db, path: file, schemaVersion: Math.max(found, ...applied), applied };
  } catch (error) {
    db.close();
    if (error instanceof RpcError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw storeError('migration', `database ${file} could not be prepared (${detail}); it was left as it was before this start`, file);
  }
}
