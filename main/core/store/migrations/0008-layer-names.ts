// Schema 8: which layer a legacy docker-save entry holds. A compressed archive is read once, its
// layers as they pass, before its manifest (written last) says which is which; a legacy save
// names each layer by a v1 id Docker derives from the layer's chain, so once a scan has hashed an
// entry, a later scan of any archive with that entry knows its diffID early and can use the layer
// cache instead of analysing it again.
export default `
CREATE TABLE layer_names (
  name TEXT PRIMARY KEY,
  diff_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);
`;
