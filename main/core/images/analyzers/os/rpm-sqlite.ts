// rpm's SQLite backend (rpmdb.sqlite, rpm ≥ 4.16: Fedora 33+, RHEL 9, CBL-Mariner, Azure Linux):
// table Packages(hnum INTEGER PRIMARY KEY, blob BLOB) holds one header blob per package.
// The file is opened from memory (better-sqlite3 deserialises a Buffer), never from disk.
import Database from 'better-sqlite3';

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqlite(content: Buffer): boolean {
  return content.length >= 100 && content.subarray(0, 16).equals(SQLITE_MAGIC);
}

/** Far above any real system (a full Fedora workstation has about 3,000 packages). */
const MAX_ROWS = 200_000;

export interface BlobRead {
  blobs: Buffer[];
  /** What went wrong; blobs read before the problem are still returned. */
  problems: string[];
}

export function readSqliteBlobs(content: Buffer): BlobRead {
  const blobs: Buffer[] = [];
  const problems: string[] = [];
  if (!isSqlite(content)) return { blobs, problems: ['not a SQLite database'] };
  // rpm keeps the database in WAL mode (header bytes 18/19 = 2); an in-memory image cannot use a
  // WAL, so mark the copy as a rollback-journal database (1/1). A -wal file beside it in the layer
  // (uncheckpointed changes) is not read.
  const copy = Buffer.from(content);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  let db: Database.Database | null = null;
  try {
    db = new Database(copy, { readonly: true });
    // The file is hostile until proven otherwise: a VIEW named Packages could generate rows without
    // end, a generated column could build huge values. Only a plain table with stored columns is read.
    const kind = db.prepare("SELECT type FROM sqlite_master WHERE name = 'Packages'").pluck().get();
    if (kind !== 'table') return { blobs, problems: [kind ? `Packages is a ${String(kind)}, not a table` : 'no Packages table'] };
    const columns = db.prepare("SELECT name, hidden FROM pragma_table_xinfo('Packages')").all() as Array<{ name: string; hidden: number }>;
    const blobColumn = columns.find((c) => c.name.toLowerCase() === 'blob');
    if (!blobColumn || blobColumn.hidden !== 0) return { blobs, problems: ['the Packages table has no stored blob column'] };
    let empty = 0;
    let rows = 0;
    const iterator = db.prepare('SELECT blob FROM Packages ORDER BY rowid').pluck().iterate() as Iterable<unknown>;
    for (const blob of iterator) {
      if (++rows > MAX_ROWS) {
        problems.push(`more than ${MAX_ROWS} rows; the rest not read`);
        break;
      }
      if (Buffer.isBuffer(blob)) blobs.push(blob);
      else empty++;
    }
    if (empty) problems.push(`${empty} row(s) of Packages hold no blob`);
  } catch (error) {
    problems.push(`SQLite: ${(error as Error).message}`);
  } finally {
    db?.close();
  }
  return { blobs, problems };
}
