// The advisory ecosystems the scanned images need (OS distribution and language ecosystems of
// their last inventories): what `vigil db update` downloads when not told otherwise.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { OsInfo } from '../../../shared/model/os-info';
import type { PackageType } from '../../../shared/model/package';
import { DATABASE_FILE } from '../store/database';
import { ecosystemsForInventory } from '../vulndb/os-ecosystem';

/** Reads the app database read-only (it may be in use by the app); [] when there is none. */
export function scannedEcosystems(dataDir: string): string[] {
  const file = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(file)) return [];
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    const rows = db.prepare('SELECT i.os_info AS os, (SELECT group_concat(DISTINCT p.type) FROM packages p WHERE p.image_id = i.id) AS types FROM images i').all() as { os: string | null; types: string | null }[];
    const out = new Set<string>();
    for (const row of rows) {
      const os = row.os ? (JSON.parse(row.os) as OsInfo) : null;
      const packages = (row.types ?? '').split(',').filter(Boolean).map((type) => ({ type: type as PackageType }));
      for (const e of ecosystemsForInventory(os, packages)) out.add(e);
    }
    return [...out].sort();
  } catch {
    return []; // an unreadable or older database only means no hint
  } finally {
    db?.close();
  }
}
