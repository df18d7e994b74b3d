// Schema 4: each image's malware and baseline results from its LAST scan (like its findings),
// as the JSON sections of the scan report, with the counts the image list shows.
export default `
CREATE TABLE image_security (
  image_id         TEXT PRIMARY KEY REFERENCES images (id) ON DELETE CASCADE,
  scan_id          INTEGER NOT NULL,
  scanners         TEXT NOT NULL,
  malware          TEXT,
  baseline         TEXT,
  malware_count    INTEGER NOT NULL DEFAULT 0,
  baseline_failed  INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
`;
