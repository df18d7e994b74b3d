// Schema 1: the operation trail (append-only, enforced by triggers), settings, tasks.
export default `
CREATE TABLE operation_trail (
  id        INTEGER PRIMARY KEY AUTOINCREMENT,
  at        TEXT NOT NULL,
  actor     TEXT NOT NULL,
  role      TEXT NOT NULL,
  transport TEXT NOT NULL,
  operation TEXT NOT NULL,
  writes    TEXT NOT NULL,
  input     TEXT NOT NULL,
  outcome   TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'started')),
  error     TEXT,
  task_id   TEXT
);
CREATE INDEX operation_trail_operation ON operation_trail (operation, id);
CREATE INDEX operation_trail_outcome ON operation_trail (outcome, id);
CREATE TRIGGER operation_trail_no_update BEFORE UPDATE ON operation_trail
  BEGIN SELECT RAISE(ABORT, 'operation_trail is append-only'); END;
CREATE TRIGGER operation_trail_no_delete BEFORE DELETE ON operation_trail
  BEGIN SELECT RAISE(ABORT, 'operation_trail is append-only'); END;

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE tasks (
  id          TEXT PRIMARY KEY,
  operation   TEXT NOT NULL,
  title       TEXT NOT NULL,
  state       TEXT NOT NULL,
  progress    REAL,
  message     TEXT NOT NULL,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  error       TEXT,
  result      TEXT
);
CREATE INDEX tasks_started_at ON tasks (started_at);
`;
