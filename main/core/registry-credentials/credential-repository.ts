// The registry_credentials table: one row per normalised host, the password only as the bytes
// a SecretBox sealed. Nothing here sees or returns a plain password.
import type { SecretBoxKind } from '../../../shared/contracts/registries';
import type { Db } from '../store/database';

export interface CredentialRow {
  host: string;
  username: string;
  insecure: boolean;
  sealedBy: SecretBoxKind;
  createdAt: string;
  updatedAt: string;
}

export interface SealedCredential extends CredentialRow {
  sealed: Buffer;
}

interface Raw {
  host: string;
  username: string;
  sealed?: Buffer;
  sealed_by: SecretBoxKind;
  insecure: number;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'host, username, sealed_by, insecure, created_at, updated_at';

function toRow(raw: Raw): CredentialRow {
  return { host: raw.host, username: raw.username, insecure: raw.insecure === 1, sealedBy: raw.sealed_by, createdAt: raw.created_at, updatedAt: raw.updated_at };
}

export class CredentialRepository {
  constructor(private readonly db: Db) {}

  /** Paged by host (the primary key serves the order). */
  list(offset: number, limit: number): { rows: CredentialRow[]; total: number } {
    const rows = this.db.prepare(`SELECT ${COLUMNS} FROM registry_credentials ORDER BY host LIMIT ? OFFSET ?`).all(limit, offset) as Raw[];
    const { n } = this.db.prepare('SELECT count(*) AS n FROM registry_credentials').get() as { n: number };
    return { rows: rows.map(toRow), total: n };
  }

  get(host: string): SealedCredential | null {
    const raw = this.db.prepare(`SELECT ${COLUMNS}, sealed FROM registry_credentials WHERE host = ?`).get(host) as Raw | undefined;
    return raw ? { ...toRow(raw), sealed: raw.sealed! } : null;
  }

  /** Insert or replace the row of this host; created_at survives a replacement. */
  save(entry: { host: string; username: string; sealed: Buffer; sealedBy: SecretBoxKind; insecure: boolean; at: string }): CredentialRow {
    this.db
      .prepare(
        `INSERT INTO registry_credentials (host, username, sealed, sealed_by, insecure, created_at, updated_at)
         VALUES (@host, @username, @sealed, @sealedBy, @insecure, @at, @at)
         ON CONFLICT(host) DO UPDATE SET username = excluded.username, sealed = excluded.sealed, sealed_by = excluded.sealed_by,
           insecure = excluded.insecure, updated_at = excluded.updated_at`,
      )
      .run({ ...entry, insecure: entry.insecure ? 1 : 0 });
    const { sealed: _sealed, ...row } = this.get(entry.host)!;
    return row;
  }

  remove(host: string): boolean {
    return this.db.prepare('DELETE FROM registry_credentials WHERE host = ?').run(host).changes === 1;
  }
}
