// The passphrase box's one row in the database: how the key is derived (kdf + salt) and a
// verifier sealed with that key, so that a wrong passphrase is told apart from a right one.
import type { Db } from '../store/database';

export interface SecretBoxMeta {
  /** e.g. "scrypt$N=32768$r=8$p=1": the parameters chosen when the passphrase was chosen. */
  kdf: string;
  salt: Buffer;
  verifier: Buffer;
  createdAt: string;
}

export class SecretBoxMetaStore {
  constructor(private readonly db: () => Db) {}

  read(): SecretBoxMeta | null {
    const row = this.db().prepare('SELECT kdf, salt, verifier, created_at FROM secret_box_meta WHERE id = 1').get() as
      | { kdf: string; salt: Buffer; verifier: Buffer; created_at: string }
      | undefined;
    return row ? { kdf: row.kdf, salt: row.salt, verifier: row.verifier, createdAt: row.created_at } : null;
  }

  /** Written once; a second process choosing at the same moment loses and must unlock instead. */
  create(meta: SecretBoxMeta): boolean {
    const result = this.db()
      .prepare('INSERT INTO secret_box_meta (id, kdf, salt, verifier, created_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING')
      .run(meta.kdf, meta.salt, meta.verifier, meta.createdAt);
    return result.changes === 1;
  }
}
