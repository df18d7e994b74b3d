// The vulnerability database file: its own SQLite file (vulndb.sqlite in the data directory),
// separate from the main store, versioned by PRAGMA user_version and marked with an
// application_id so a stray SQLite file is refused by name. The file is written once by an
// import (into vulndb.sqlite.new, then renamed) and only read afterwards.
import path from 'node:path';

export const VULNDB_FILE = 'vulndb.sqlite';
export const SCHEMA_VERSION = 1;
/** 'VGDB' as PRAGMA application_id. */
export const APPLICATION_ID = 0x56474442;

export function vulnDbPath(dataDir: string): string {
  return path.join(dataDir, VULNDB_FILE);
}

// JSON columns keep the file compact; every lookup the matcher makes is served by
// affected_package, and advisory details are fetched by rowid for hits only.
export const SCHEMA_SQL = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,        -- osv:npm, alpine-secdb:v3.10, debian-tracker:json …
  kind TEXT NOT NULL,               -- osv | alpine-secdb | debian-tracker
  location TEXT,                    -- the bundle path or URL it was imported from
  digest TEXT,                      -- sha256 of the bundle
  imported_at TEXT NOT NULL,
  advisories INTEGER NOT NULL DEFAULT 0,
  affected_rows INTEGER NOT NULL DEFAULT 0,
  corrupt INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE advisories (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL REFERENCES sources(id),
  vuln_id TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '[]',        -- JSON string[]
  summary TEXT,
  details TEXT,                              -- trimmed
  published TEXT,
  modified TEXT,
  withdrawn TEXT,
  severity TEXT NOT NULL DEFAULT '[]',       -- JSON [{type, score}] (CVSS vectors)
  vendor_severity TEXT,                      -- critical|high|medium|low|negligible
  vendor_severity_raw TEXT,                  -- as the source wrote it (MODERATE, unimportant …)
  refs TEXT NOT NULL DEFAULT '[]'            -- JSON string[] of URLs
);
CREATE UNIQUE INDEX advisories_vuln ON advisories(vuln_id, source_id);
CREATE INDEX advisories_source ON advisories(source_id);

CREATE TABLE affected (
  id INTEGER PRIMARY KEY,
  advisory_id INTEGER NOT NULL REFERENCES advisories(id),
  ecosystem TEXT NOT NULL,                   -- 'Alpine:v3.10', 'Debian:12', 'npm' …
  name TEXT NOT NULL,                        -- lookup key (see packageKey)
  package TEXT,                              -- the name as written, when it differs from the key
  ranges TEXT,                               -- JSON OsvRange[] (ECOSYSTEM/SEMVER) or NULL
  versions TEXT,                             -- JSON string[] or NULL
  fixed TEXT,                                -- JSON string[] or NULL
  state TEXT,                                -- NULL | not-fixed | wont-fix | unknown
  vendor_severity TEXT,
  vendor_severity_raw TEXT
);
CREATE INDEX affected_package ON affected(ecosystem, name);
CREATE INDEX affected_advisory ON affected(advisory_id);
`;
