// Schema 2: scanned images, their scans, the per-layer analysis cache, the inventory and
// findings of each image's LAST scan (older scans keep only their summary), and ignore rules.
export default `
CREATE TABLE images (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL,
  source       TEXT NOT NULL,
  source_ref   TEXT NOT NULL,
  repo_tags    TEXT NOT NULL DEFAULT '[]',
  repo_digests TEXT NOT NULL DEFAULT '[]',
  platform     TEXT,
  os           TEXT,
  os_info      TEXT,
  user_name    TEXT,
  labels       TEXT NOT NULL DEFAULT '{}',
  created      TEXT,
  size         INTEGER,
  notes        TEXT NOT NULL DEFAULT '[]',
  first_seen   TEXT NOT NULL,
  last_scan_id INTEGER
);
CREATE INDEX images_name ON images (name);

CREATE TABLE image_layers (
  image_id   TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  idx        INTEGER NOT NULL,
  diff_id    TEXT NOT NULL,
  digest     TEXT,
  size       INTEGER,
  created_by TEXT,
  PRIMARY KEY (image_id, idx)
) WITHOUT ROWID;

CREATE TABLE scans (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  image_id      TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  trigger       TEXT NOT NULL,
  state         TEXT NOT NULL,
  started_at    TEXT NOT NULL,
  finished_at   TEXT,
  error         TEXT,
  vulndb_built  TEXT,
  packages      INTEGER NOT NULL DEFAULT 0,
  unowned_files INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX scans_image ON scans (image_id, id);

CREATE TABLE layer_cache (
  diff_id      TEXT PRIMARY KEY,
  analyzer_key TEXT NOT NULL,
  analysis     BLOB NOT NULL,
  created_at   TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE packages (
  image_id       TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  idx            INTEGER NOT NULL,
  type           TEXT NOT NULL,
  name           TEXT NOT NULL,
  version        TEXT NOT NULL,
  source_name    TEXT,
  source_version TEXT,
  namespace      TEXT,
  arch           TEXT,
  purl           TEXT NOT NULL,
  licenses       TEXT NOT NULL,
  path           TEXT NOT NULL,
  installed_by   TEXT,
  layer_index    INTEGER NOT NULL,
  layer_diff_id  TEXT NOT NULL,
  PRIMARY KEY (image_id, idx)
) WITHOUT ROWID;

CREATE TABLE unowned_files (
  image_id      TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  path          TEXT NOT NULL,
  size          INTEGER NOT NULL,
  mode          INTEGER NOT NULL,
  uid           INTEGER NOT NULL,
  gid           INTEGER NOT NULL,
  sha256        TEXT NOT NULL,
  layer_index   INTEGER NOT NULL,
  layer_diff_id TEXT NOT NULL,
  PRIMARY KEY (image_id, path)
) WITHOUT ROWID;

CREATE TABLE findings (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  image_id         TEXT NOT NULL REFERENCES images (id) ON DELETE CASCADE,
  scan_id          INTEGER NOT NULL,
  vuln_id          TEXT NOT NULL,
  aliases          TEXT NOT NULL,
  title            TEXT,
  severity         TEXT NOT NULL,
  severity_rank    INTEGER NOT NULL,
  severity_source  TEXT NOT NULL,
  cvss             TEXT NOT NULL,
  cvss_score       REAL,
  fix_state        TEXT NOT NULL,
  fixed_version    TEXT,
  source           TEXT NOT NULL,
  refs             TEXT NOT NULL,
  published        TEXT,
  package_type     TEXT NOT NULL,
  package_name     TEXT NOT NULL,
  package_version  TEXT NOT NULL,
  matched_name     TEXT NOT NULL,
  package_path     TEXT NOT NULL,
  layer_index      INTEGER NOT NULL,
  layer_diff_id    TEXT NOT NULL
);
CREATE INDEX findings_image ON findings (image_id, severity_rank);
CREATE INDEX findings_severity ON findings (severity_rank, cvss_score);
CREATE INDEX findings_vuln ON findings (vuln_id);
CREATE INDEX findings_package ON findings (package_type, package_name);

CREATE TABLE ignores (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  vuln_id     TEXT NOT NULL,
  image_id    TEXT,
  reason      TEXT NOT NULL,
  expires_at  TEXT,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  removed_at  TEXT,
  removed_by  TEXT
);
CREATE INDEX ignores_vuln ON ignores (vuln_id, removed_at);
`;
