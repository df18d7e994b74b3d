// Schema 6: saved private-registry credentials, the password always sealed (never plain text,
// DESIGN §4), and the passphrase box's salt and verifier (the key itself is never stored).
export default `
CREATE TABLE registry_credentials (
  host       TEXT PRIMARY KEY,
  username   TEXT NOT NULL,
  sealed     BLOB NOT NULL,
  sealed_by  TEXT NOT NULL CHECK (sealed_by IN ('os-keychain', 'passphrase')),
  insecure   INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE secret_box_meta (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  kdf        TEXT NOT NULL,
  salt       BLOB NOT NULL,
  verifier   BLOB NOT NULL,
  created_at TEXT NOT NULL
);
`;
