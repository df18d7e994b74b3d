// Writing a vulnerability database: every import builds a NEW file (vulndb.sqlite.new), either
// empty (replace) or a copy of the current one (add), and renames it over the old file only
// when everything succeeded. A failed or cancelled import deletes the .new file and leaves the
// current database as it was. A lock file keeps two imports from building at once.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { RpcError } from '../../../shared/contracts/errors';
import type { AdvisoryRecord } from './advisory-record';
import { ecosystemBase, packageKey } from './advisory-record';
import { inspectVulnDbFile } from './vulndb';
import { APPLICATION_ID, SCHEMA_SQL, SCHEMA_VERSION } from './schema';

export type ImportMode = 'add' | 'replace';

export interface WriterOptions {
  /** The database file to replace (vulndb.sqlite). */
  target: string;
  mode: ImportMode;
  now?: () => Date;
  /** Records per transaction. */
  batchSize?: number;
}

export interface SourceInfo {
  name: string;
  kind: string;
  location: string | null;
  digest: string | null;
}

/** What to do when a source holds the same advisory id twice. */
export type DuplicatePolicy = 'replace' | 'merge';

export interface SourceCounts {
  advisories: number;
  affectedRows: number;
}

export interface CommitResult {
  path: string;
  revision: number;
  advisories: number;
  affectedRows: number;
}

const BATCH = 1000;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function takeLock(lockFile: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new RpcError(
          'conflict',
          `another vulnerability database import is running (process ${pid}); wait for it to finish, or delete ${lockFile} if that process is not Vigil`,
        );
      }
      fs.rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
  throw new RpcError('conflict', `could not take the import lock ${lockFile}`);
}

function removeQuietly(file: string): void {
  for (const f of [file, `${file}-journal`, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
}

export class VulnDbWriter {
  private readonly db: Database.Database;
  private readonly newFile: string;
  private readonly lockFile: string;
  private readonly now: () => Date;
  private readonly batchSize: number;
  private finished = false;

  private source: { id: number; info: SourceInfo; ids: Map<string, number>; counts: SourceCounts } | null = null;
  private pending: { record: AdvisoryRecord; policy: DuplicatePolicy }[] = [];

  private readonly insertAdvisory: Database.Statement;
  private readonly updateAdvisory: Database.Statement;
  private readonly insertAffected: Database.Statement;
  private readonly deleteAffectedOf: Database.Statement;
  private readonly countAffectedOf: Database.Statement;
  private readonly flushBatch: (items: { record: AdvisoryRecord; policy: DuplicatePolicy }[]) => void;

  private constructor(
    readonly target: string,
    readonly mode: ImportMode,
    options: WriterOptions,
  ) {
    this.newFile = `${target}.new`;
    this.lockFile = `${target}.lock`;
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? BATCH;

    const dir = path.dirname(target);
    fs.mkdirSync(dir, { recursive: true });
    takeLock(this.lockFile);
    try {
      removeQuietly(this.newFile);
      const existing = fs.existsSync(target) && fs.statSync(target).size > 0;
      if (mode === 'add' && existing) {
        const { schemaVersion } = inspectVulnDbFile(target);
        if (schemaVersion !== SCHEMA_VERSION) {
          throw new RpcError(
            'invalid_input',
            `the vulnerability database ${target} has schema ${schemaVersion}; this Vigil writes schema ${SCHEMA_VERSION}, so it cannot add to it. Import with --replace to rebuild it.`,
          );
        }
        // The current file is only ever written through .new + rename, with a rollback
        // journal, so a plain copy is a consistent snapshot.
        fs.copyFileSync(target, this.newFile);
      }
      this.db = new Database(this.newFile);
    } catch (error) {
      removeQuietly(this.newFile);
      fs.rmSync(this.lockFile, { force: true });
      throw error;
    }
    const db = this.db;
    try {
      // A scratch file until the rename: no journal needed, a crash just leaves it to delete.
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('cache_size = -131072');
      db.pragma('temp_store = MEMORY');
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version === 0) {
        db.exec(SCHEMA_SQL);
        db.pragma(`application_id = ${APPLICATION_ID}`);
        db.pragma(`user_version = ${SCHEMA_VERSION}`);
        db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('created_at', this.now().toISOString());
      }
      db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('schema_version', String(SCHEMA_VERSION));
    } catch (error) {
      this.abort();
      throw error;
    }

    this.insertAdvisory = db.prepare(`
      INSERT INTO advisories (source_id, vuln_id, aliases, summary, details, published, modified, withdrawn, severity,
        vendor_severity, vendor_severity_raw, refs)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.updateAdvisory = db.prepare(`
      UPDATE advisories SET aliases = ?, summary = ?, details = ?, published = ?, modified = ?, withdrawn = ?, severity = ?,
        vendor_severity = ?, vendor_severity_raw = ?, refs = ? WHERE id = ?`);
    this.insertAffected = db.prepare(`
      INSERT INTO affected (advisory_id, ecosystem, name, package, ranges, versions, fixed, state, vendor_severity, vendor_severity_raw)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.deleteAffectedOf = db.prepare('DELETE FROM affected WHERE advisory_id = ?');
    this.countAffectedOf = db.prepare('SELECT count(*) FROM affected WHERE advisory_id = ?').pluck();
    this.flushBatch = db.transaction((items: { record: AdvisoryRecord; policy: DuplicatePolicy }[]) => {
      for (const item of items) this.write(item.record, item.policy);
    });
  }

  static begin(options: WriterOptions): VulnDbWriter {
    return new VulnDbWriter(options.target, options.mode, options);
  }

  /** Starts a source; in an adding import, a source of the same name is emptied first (re-import). */
  beginSource(info: SourceInfo): void {
    if (this.source) this.endSource();
    const db = this.db;
    const existing = db.prepare('SELECT id FROM sources WHERE name = ?').pluck().get(info.name) as number | undefined;
    let id: number;
    if (existing !== undefined) {
      db.transaction(() => {
        db.prepare('DELETE FROM affected WHERE advisory_id IN (SELECT id FROM advisories WHERE source_id = ?)').run(existing);
        db.prepare('DELETE FROM advisories WHERE source_id = ?').run(existing);
        db.prepare('UPDATE sources SET kind = ?, location = ?, digest = ?, imported_at = ?, advisories = 0, affected_rows = 0, corrupt = 0 WHERE id = ?').run(
          info.kind,
          info.location,
          info.digest,
          this.now().toISOString(),
          existing,
        );
      })();
      id = existing;
    } else {
      id = Number(
        db
          .prepare('INSERT INTO sources (name, kind, location, digest, imported_at) VALUES (?, ?, ?, ?, ?)')
          .run(info.name, info.kind, info.location, info.digest, this.now().toISOString()).lastInsertRowid,
      );
    }
    this.source = { id, info, ids: new Map(), counts: { advisories: 0, affectedRows: 0 } };
  }

  /** Queues one advisory; written in batches of batchSize, one transaction each. */
  add(record: AdvisoryRecord, policy: DuplicatePolicy = 'replace'): void {
    if (!this.source) throw new Error('VulnDbWriter.add before beginSource');
    this.pending.push({ record, policy });
    if (this.pending.length >= this.batchSize) this.flush();
  }

  flush(): void {
    if (this.pending.length === 0) return;
    const items = this.pending;
    this.pending = [];
    this.flushBatch(items);
  }

  private write(record: AdvisoryRecord, policy: DuplicatePolicy): void {
    const source = this.source!;
    const existing = source.ids.get(record.id);
    let advisoryId: number;
    if (existing === undefined) {
      advisoryId = Number(
        this.insertAdvisory.run(source.id, record.id, ...advisoryColumns(record)).lastInsertRowid,
      );
      source.ids.set(record.id, advisoryId);
      source.counts.advisories++;
    } else {
      advisoryId = existing;
      if (policy === 'replace') {
        source.counts.affectedRows -= this.countAffectedOf.get(advisoryId) as number;
        this.deleteAffectedOf.run(advisoryId);
        this.updateAdvisory.run(...advisoryColumns(record), advisoryId);
      }
    }
    for (const a of record.affected) {
      const key = packageKey(a.ecosystem, a.name);
      this.insertAffected.run(
        advisoryId,
        a.ecosystem,
        key,
        key === a.name ? null : a.name,
        a.ranges.length ? json(a.ranges) : null,
        a.versions.length ? json(a.versions) : null,
        a.fixed.length ? json(a.fixed) : null,
        a.state,
        a.vendorSeverity,
        a.vendorSeverityRaw,
      );
      source.counts.affectedRows++;
    }
  }

  /** Finishes the current source: writes its counts. */
  endSource(corrupt = 0): SourceCounts {
    const source = this.source;
    if (!source) return { advisories: 0, affectedRows: 0 };
    this.flush();
    this.db
      .prepare('UPDATE sources SET advisories = ?, affected_rows = ?, corrupt = ? WHERE id = ?')
      .run(source.counts.advisories, source.counts.affectedRows, corrupt, source.id);
    this.source = null;
    return source.counts;
  }

  /** Writes the metadata, makes the file self-contained, and renames it over the target. */
  commit(): CommitResult {
    if (this.finished) throw new Error('VulnDbWriter already finished');
    try {
      if (this.source) this.endSource();
      const db = this.db;
      const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
      const revision = Number((db.prepare("SELECT value FROM meta WHERE key = 'revision'").pluck().get() as string | undefined) ?? 0) + 1;
      const dataUpdated = db
        .prepare("SELECT max(modified) FROM advisories WHERE modified IS NOT NULL AND modified NOT LIKE '0001-%'")
        .pluck()
        .get() as string | null;
      db.transaction(() => {
        meta.run('revision', String(revision));
        meta.run('imported_at', this.now().toISOString());
        if (dataUpdated) meta.run('data_updated_at', dataUpdated);
        else db.prepare("DELETE FROM meta WHERE key = 'data_updated_at'").run();
      })();
      const counts = {
        advisories: db.prepare('SELECT count(*) FROM advisories').pluck().get() as number,
        affectedRows: db.prepare('SELECT count(*) FROM affected').pluck().get() as number,
      };
      // Re-imports free pages; give them back when they are a sizeable part of the file.
      const pages = db.pragma('page_count', { simple: true }) as number;
      const free = db.pragma('freelist_count', { simple: true }) as number;
      if (free > 1000 && free > pages / 4) db.exec('VACUUM');
      db.pragma('optimize');
      db.pragma('locking_mode = NORMAL');
      db.pragma('journal_mode = DELETE');
      db.close();
      const fd = fs.openSync(this.newFile, 'r');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(this.newFile, this.target);
      for (const f of [`${this.target}-wal`, `${this.target}-shm`, `${this.target}-journal`]) fs.rmSync(f, { force: true });
      this.finished = true;
      fs.rmSync(this.lockFile, { force: true });
      return { path: this.target, revision, ...counts };
    } catch (error) {
      this.abort();
      throw error;
    }
  }

  /** Drops the .new file; the current database is untouched. Safe to call twice. */
  abort(): void {
    if (this.finished) return;
    this.finished = true;
    this.pending = [];
    try {
      if (this.db?.open) this.db.close();
    } catch {
      // closing a broken handle: nothing more to do
    }
    removeQuietly(this.newFile);
    fs.rmSync(this.lockFile, { force: true });
  }

  /** Distinct ecosystem bases in the file being built. */
  ecosystemBases(): string[] {
    const rows = this.db.prepare('SELECT DISTINCT ecosystem FROM affected').pluck().all() as string[];
    return [...new Set(rows.map(ecosystemBase))].sort();
  }
}

const json = (v: unknown): string => JSON.stringify(v);

/** The advisories columns after (source_id, vuln_id), in the order both the INSERT and the UPDATE name them. */
function advisoryColumns(record: AdvisoryRecord): unknown[] {
  return [
    json(record.aliases),
    record.summary,
    record.details,
    record.published,
    record.modified,
    record.withdrawn,
    json(record.severity),
    record.vendorSeverity,
    record.vendorSeverityRaw,
    json(record.references),
  ];
}
