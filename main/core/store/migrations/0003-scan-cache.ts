// Schema 3: the scan caches. layer_cache keeps a layer's analysis per analyzer set (scans with
// and without the malware engines do not evict each other; at most 3 sets per diffID, the oldest
// dropped), in the compact form of layer-cache.ts: the rows of schema 2 are dropped (a cache).
// image_cache holds what a scan derived from an image's merged layers, so a rescan of an image
// whose layers and analyzers are unchanged skips the merge; images.inventory_digest lets a scan
// whose inventory is unchanged leave the stored packages, unowned files and layers as they are.
export default `
DROP TABLE layer_cache;
CREATE TABLE layer_cache (
  id           INTEGER PRIMARY KEY,
  diff_id      TEXT NOT NULL,
  analyzer_key TEXT NOT NULL,
  analysis     BLOB NOT NULL,
  created_at   TEXT NOT NULL,
  UNIQUE (diff_id, analyzer_key)
);

CREATE TABLE image_cache (
  id         INTEGER PRIMARY KEY,
  image_id   TEXT NOT NULL,
  cache_key  TEXT NOT NULL,
  value      BLOB NOT NULL,
  created_at TEXT NOT NULL,
  UNIQUE (image_id, cache_key)
);

ALTER TABLE images ADD COLUMN inventory_digest TEXT;
`;
