// The one definition of "this finding is hidden by an ignore rule right now". Expired rules stop
// matching by themselves because expiry is compared with @now at query time.
export const activeIgnoreCondition = (finding: string) => `
  g.vuln_id = ${finding}.vuln_id
  AND (g.image_id IS NULL OR g.image_id = ${finding}.image_id)
  AND g.removed_at IS NULL
  AND (g.expires_at IS NULL OR g.expires_at > @now)`;

/** SQL that is true when finding alias `f` is NOT ignored. Needs the @now parameter. */
export const notIgnored = (finding = 'f') => `NOT EXISTS (SELECT 1 FROM ignores g WHERE ${activeIgnoreCondition(finding)})`;
