// Reading the vulnerability database: open read-only (refusing files from a newer Vigil,
// foreign files and damaged ones, each with a message that says what to do), report its
// status, and serve batched lookups by (ecosystem, package) for the matcher. Parsed rows are
// cached on the instance, so repeated scans against the same DB do not parse JSON again.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { RpcError } from '../../../shared/contracts/errors';
import type { Severity } from '../../../shared/model/severity';
import type { OsvRange } from '../../../shared/versions';
import type { AdvisoryRecord, RowState, SeverityEntry } from './advisory-record';
import { APPLICATION_ID, SCHEMA_VERSION } from './schema';

export interface VulnDbSourceStatus {
  name: string;
  kind: string;
  location: string | null;
  digest: string | null;
  importedAt: string;
  advisories: number;
  affectedRows: number;
  corrupt: number;
}

export interface VulnDbStatus {
  path: string;
  schemaVersion: number;
  /**
   * How fresh the data is: the newest `modified` date among the advisories (what Grype and
   * Trivy call the DB's build time); the import time when no advisory carries dates.
   */
  builtAt: string | null;
  /** When the last import finished (every import writes a new file). */
  importedAt: string | null;
  /** When the first import created this database's content (kept by adding imports). */
  createdAt: string | null;
  /** Counts the imports that produced this file. */
  revision: number;
  sources: VulnDbSourceStatus[];
  advisories: number;
  affectedRows: number;
  /** Ecosystems with their row counts ('Alpine:v3.10': 1234 …). */
  ecosystems: { ecosystem: string; affectedRows: number }[];
  sizeBytes: number;
}

/** One affected row, parsed once and kept. */
export interface AffectedRow {
  rowId: number;
  advisoryId: number;
  vulnId: string;
  sourceId: number;
  ecosystem: string;
  name: string;
  ranges: OsvRange[] | null;
  versions: string[] | null;
  /** Exact strings of `versions`, for the cheap check first. */
  versionSet: Set<string> | null;
  fixed: string[];
  state: RowState | null;
  vendorSeverity: Severity | null;
  vendorSeverityRaw: string | null;
  /** Evaluation results by installed version (filled by the matcher). */
  memo: Map<string, boolean | undefined>;
}

/** A stored advisory: the imported record's fields (its id as vulnId, its affected rows apart) and where it came from. */
export interface AdvisoryRow extends Omit<AdvisoryRecord, 'id' | 'affected'> {
  advisoryId: number;
  vulnId: string;
  sourceId: number;
  sourceName: string;
  sourceKind: string;
}

export interface OpenOptions {
  /** Run SQLite's quick_check too (reads the whole file: seconds on a large DB). */
  verify?: boolean;
}

interface RawAffected {
  id: number;
  advisory_id: number;
  vuln_id: string;
  source_id: number;
  ecosystem: string;
  name: string;
  ranges: string | null;
  versions: string | null;
  fixed: string | null;
  state: string | null;
  vendor_severity: string | null;
  vendor_severity_raw: string | null;
}

interface RawAdvisory {
  id: number;
  vuln_id: string;
  source_id: number;
  aliases: string;
  summary: string | null;
  details: string | null;
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
  severity: string;
  vendor_severity: string | null;
  vendor_severity_raw: string | null;
  refs: string;
}

const ROW_CACHE_MAX = 500_000;
const ADVISORY_CACHE_MAX = 100_000;

function dbError(code: 'not_found' | 'unavailable', reason: string, message: string, file: string): RpcError {
  return new RpcError(code, message, { reason, path: file });
}

/** Reads user_version/application_id of a file without writing to it; throws the user-facing errors. */
export function inspectVulnDbFile(file: string): { schemaVersion: number } {
  if (!fs.existsSync(file)) {
    throw dbError(
      'not_found',
      'missing',
      `no vulnerability database at ${file}; import one with \`vigil db import <bundle>\` or download one with \`vigil db update\``,
      file,
    );
  }
  let db: Database.Database | undefined;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    if (appId !== APPLICATION_ID) {
      throw dbError(
        'unavailable',
        'foreign',
        `${file} is not a Vigil vulnerability database (it is some other SQLite file). It was left untouched; import a bundle with \`vigil db import --replace\` to build a new one.`,
        file,
      );
    }
    if (version > SCHEMA_VERSION) {
      throw dbError(
        'unavailable',
        'newer-schema',
        `vulnerability database ${file} was written by a newer Vigil (schema ${version}; this version reads up to ${SCHEMA_VERSION}). It was not changed: update Vigil, or rebuild it with \`vigil db import --replace\`.`,
        file,
      );
    }
    if (version < 1) throw new Error('no schema version recorded');
    return { schemaVersion: version };
  } catch (error) {
    if (error instanceof RpcError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw dbError(
      'unavailable',
      'corrupt',
      `vulnerability database ${file} cannot be read (${detail}). It was left untouched: rebuild it with \`vigil db update\` or \`vigil db import --replace <bundle>\`.`,
      file,
    );
  } finally {
    db?.close();
  }
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null || text === '') return fallback;
  return JSON.parse(text) as T;
}

export class VulnDb {
  private readonly rowCache = new Map<number, AffectedRow>();
  private readonly advisoryCache = new Map<number, AdvisoryRow>();
  private sourceCache: Map<number, { name: string; kind: string }> | null = null;
  private readonly lookupStmt: Database.Statement;
  private readonly advisoriesStmt: Database.Statement;
  private readonly byVulnIdStmt: Database.Statement;

  private constructor(
    private readonly db: Database.Database,
    readonly path: string,
    readonly schemaVersion: number,
  ) {
    // All names of one ecosystem in one statement: json_each feeds the index one key at a time.
    this.lookupStmt = db.prepare(`
      SELECT f.id, f.advisory_id, a.vuln_id, a.source_id, f.ecosystem, f.name, f.ranges, f.versions, f.fixed, f.state,
             f.vendor_severity, f.vendor_severity_raw
      FROM affected f JOIN advisories a ON a.id = f.advisory_id
      WHERE f.ecosystem = ? AND f.name IN (SELECT value FROM json_each(?)) AND a.withdrawn IS NULL`);
    this.advisoriesStmt = db.prepare(`
      SELECT id, vuln_id, source_id, aliases, summary, details, published, modified, withdrawn, severity,
             vendor_severity, vendor_severity_raw, refs
      FROM advisories WHERE id IN (SELECT value FROM json_each(?))`);
    this.byVulnIdStmt = db.prepare(`SELECT id FROM advisories WHERE vuln_id IN (SELECT value FROM json_each(?))`);
  }

  /** Opens read-only. Throws RpcError not_found / unavailable with a message for the user. */
  static open(file: string, options: OpenOptions = {}): VulnDb {
    const { schemaVersion } = inspectVulnDbFile(file);
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      db.pragma('query_only = ON');
      db.pragma('cache_size = -32000');
      if (options.verify) {
        const result = db.pragma('quick_check(1)', { simple: true });
        if (result !== 'ok') throw new Error(String(result));
      }
      // The tables this version needs must be there.
      db.prepare('SELECT count(*) FROM sources').get();
      db.prepare('SELECT id FROM advisories LIMIT 1').get();
      db.prepare('SELECT id FROM affected LIMIT 1').get();
      return new VulnDb(db, file, schemaVersion);
    } catch (error) {
      db.close();
      const detail = error instanceof Error ? error.message : String(error);
      throw dbError(
        'unavailable',
        'corrupt',
        `vulnerability database ${file} is damaged (${detail}). It was left untouched: rebuild it with \`vigil db update\` or \`vigil db import --replace <bundle>\`.`,
        file,
      );
    }
  }

  close(): void {
    this.rowCache.clear();
    this.advisoryCache.clear();
    if (this.db.open) this.db.close();
  }

  get isOpen(): boolean {
    return this.db.open;
  }

  private meta(key: string): string | null {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value ?? null;
  }

  status(): VulnDbStatus {
    const sources = (
      this.db
        .prepare('SELECT name, kind, location, digest, imported_at, advisories, affected_rows, corrupt FROM sources ORDER BY name')
        .all() as {
        name: string;
        kind: string;
        location: string | null;
        digest: string | null;
        imported_at: string;
        advisories: number;
        affected_rows: number;
        corrupt: number;
      }[]
    ).map((s) => ({
      name: s.name,
      kind: s.kind,
      location: s.location,
      digest: s.digest,
      importedAt: s.imported_at,
      advisories: s.advisories,
      affectedRows: s.affected_rows,
      corrupt: s.corrupt,
    }));
    const count = (sql: string) => (this.db.prepare(sql).pluck().get() as number) ?? 0;
    const ecosystems = (
      this.db.prepare('SELECT ecosystem, count(*) AS n FROM affected GROUP BY ecosystem ORDER BY ecosystem').all() as {
        ecosystem: string;
        n: number;
      }[]
    ).map((r) => ({ ecosystem: r.ecosystem, affectedRows: r.n }));
    let sizeBytes = 0;
    try {
      sizeBytes = fs.statSync(this.path).size;
    } catch {
      // reported as 0 when the file went away under us
    }
    return {
      path: this.path,
      schemaVersion: this.schemaVersion,
      builtAt: this.meta('data_updated_at') ?? this.meta('imported_at'),
      importedAt: this.meta('imported_at'),
      createdAt: this.meta('created_at'),
      revision: Number(this.meta('revision') ?? 0),
      sources,
      advisories: count('SELECT count(*) FROM advisories'),
      affectedRows: count('SELECT count(*) FROM affected'),
      ecosystems,
      sizeBytes,
    };
  }

  /** Every distinct ecosystem base name with rows ('Alpine', 'npm' …). */
  ecosystemBases(): string[] {
    const set = new Set<string>();
    for (const e of this.status().ecosystems) set.add(e.ecosystem.split(':')[0]!);
    return [...set].sort();
  }

  sources(): Map<number, { name: string; kind: string }> {
    if (!this.sourceCache) {
      const rows = this.db.prepare('SELECT id, name, kind FROM sources').all() as { id: number; name: string; kind: string }[];
      this.sourceCache = new Map(rows.map((r) => [r.id, { name: r.name, kind: r.kind }]));
    }
    return this.sourceCache;
  }

  /**
   * The affected rows (of advisories that are not withdrawn) for these package keys in one
   * ecosystem ('Alpine:v3.10', 'npm'), in one query. Keys are matched exactly: callers pass
   * packageKey() forms.
   */
  lookup(ecosystem: string, keys: readonly string[]): AffectedRow[] {
    if (keys.length === 0) return [];
    const out: AffectedRow[] = [];
    const raws = this.lookupStmt.all(ecosystem, JSON.stringify(keys)) as RawAffected[];
    for (const raw of raws) {
      let row = this.rowCache.get(raw.id);
      if (!row) {
        const versions = parseJson<string[] | null>(raw.versions, null);
        row = {
          rowId: raw.id,
          advisoryId: raw.advisory_id,
          vulnId: raw.vuln_id,
          sourceId: raw.source_id,
          ecosystem: raw.ecosystem,
          name: raw.name,
          ranges: parseJson<OsvRange[] | null>(raw.ranges, null),
          versions,
          versionSet: versions ? new Set(versions) : null,
          fixed: parseJson<string[]>(raw.fixed, []),
          state: raw.state as RowState | null,
          vendorSeverity: raw.vendor_severity as Severity | null,
          vendorSeverityRaw: raw.vendor_severity_raw,
          memo: new Map(),
        };
        if (this.rowCache.size >= ROW_CACHE_MAX) this.rowCache.clear();
        this.rowCache.set(raw.id, row);
      }
      out.push(row);
    }
    return out;
  }

  /** Advisories by rowid, parsed and cached. */
  advisories(ids: Iterable<number>): Map<number, AdvisoryRow> {
    const out = new Map<number, AdvisoryRow>();
    const missing: number[] = [];
    for (const id of ids) {
      const hit = this.advisoryCache.get(id);
      if (hit) out.set(id, hit);
      else missing.push(id);
    }
    if (missing.length) {
      const sources = this.sources();
      for (const raw of this.advisoriesStmt.all(JSON.stringify(missing)) as RawAdvisory[]) {
        const source = sources.get(raw.source_id) ?? { name: 'unknown', kind: 'unknown' };
        const row: AdvisoryRow = {
          advisoryId: raw.id,
          vulnId: raw.vuln_id,
          sourceId: raw.source_id,
          sourceName: source.name,
          sourceKind: source.kind,
          aliases: parseJson<string[]>(raw.aliases, []),
          summary: raw.summary,
          details: raw.details,
          published: raw.published,
          modified: raw.modified,
          withdrawn: raw.withdrawn,
          severity: parseJson<SeverityEntry[]>(raw.severity, []),
          vendorSeverity: raw.vendor_severity as Severity | null,
          vendorSeverityRaw: raw.vendor_severity_raw,
          references: parseJson<string[]>(raw.refs, []),
        };
        if (this.advisoryCache.size >= ADVISORY_CACHE_MAX) this.advisoryCache.clear();
        this.advisoryCache.set(raw.id, row);
        out.set(raw.id, row);
      }
    }
    return out;
  }

  /** Every advisory stored under one of these ids (from any source), withdrawn ones included. */
  advisoriesByVulnId(vulnIds: readonly string[]): AdvisoryRow[] {
    if (vulnIds.length === 0) return [];
    const ids = this.byVulnIdStmt.pluck().all(JSON.stringify(vulnIds)) as number[];
    return [...this.advisories(ids).values()];
  }

  /** The affected rows of one advisory (for a details view). */
  affectedOf(advisoryId: number): { ecosystem: string; name: string; fixed: string[]; state: string | null }[] {
    const rows = this.db
      .prepare('SELECT ecosystem, coalesce(package, name) AS name, fixed, state FROM affected WHERE advisory_id = ? ORDER BY id')
      .all(advisoryId) as { ecosystem: string; name: string; fixed: string | null; state: string | null }[];
    return rows.map((r) => ({ ecosystem: r.ecosystem, name: r.name, fixed: parseJson<string[]>(r.fixed, []), state: r.state }));
  }
}
