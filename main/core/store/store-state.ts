// The store as the rest of the core sees it: open, or broken with a reason. A broken store
// does not stop the app; operations that need it fail with that reason.
import { RpcError } from '../../../shared/contracts/errors';
import type { StoreStatus } from '../../../shared/contracts/system';
import { DATABASE_FILE, openStore, type Db, type OpenedStore } from './database';
import path from 'node:path';

export class StoreState {
  private constructor(
    readonly dir: string,
    private readonly opened: OpenedStore | null,
    private readonly failure: RpcError | null,
  ) {}

  static open(dir: string): StoreState {
    try {
      return new StoreState(dir, openStore(dir), null);
    } catch (error) {
      return new StoreState(dir, null, RpcError.from(error));
    }
  }

  get path(): string {
    return this.opened?.path ?? path.join(this.dir, DATABASE_FILE);
  }

  get ready(): boolean {
    return this.opened !== null;
  }

  /** The database, or the reason it is unavailable as an 'unavailable' error. */
  db(): Db {
    if (this.opened) return this.opened.db;
    throw this.failure ?? new RpcError('unavailable', 'the database is not open');
  }

  status(): StoreStatus {
    return {
      state: this.opened ? 'ready' : 'error',
      path: this.path,
      schemaVersion: this.opened?.schemaVersion ?? null,
      error: this.failure ? this.failure.toShape() : null,
    };
  }

  close(): void {
    if (this.opened?.db.open) this.opened.db.close();
  }
}
