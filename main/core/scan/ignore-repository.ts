// Ignore rules: for one vulnerability, on every image (image_id NULL) or one image. Undo marks a
// rule removed (kept for the record); expired rules simply stop matching.
import { RpcError } from '../../../shared/contracts/errors';
import type { IgnoreRule } from '../../../shared/contracts/vulnerabilities';
import type { IgnoreRef } from '../../../shared/model/scan-report';
import type { Db } from '../store/database';

interface Row {
  id: number;
  vuln_id: string;
  image_id: string | null;
  image_name: string | null;
  reason: string;
  expires_at: string | null;
  created_at: string;
  created_by: string;
}

export class IgnoreRepository {
  constructor(private readonly db: Db) {}

  list(filter: { vulnId?: string | undefined; imageId?: string | undefined }, now = new Date()): IgnoreRule[] {
    const rows = this.db
      .prepare(
        `SELECT g.*, i.name AS image_name FROM ignores g LEFT JOIN images i ON i.id = g.image_id
         WHERE g.removed_at IS NULL AND (@vulnId IS NULL OR g.vuln_id = @vulnId) AND (@imageId IS NULL OR g.image_id IS NULL OR g.image_id = @imageId)
         ORDER BY g.id DESC`,
      )
      .all({ vulnId: filter.vulnId ?? null, imageId: filter.imageId ?? null }) as Row[];
    return rows.map((r) => toRule(r, now));
  }

  add(rule: { vulnId: string; imageId: string | null; reason: string; expiresAt: string | null }, actor: string, now = new Date()): IgnoreRule {
    if (rule.expiresAt !== null && new Date(rule.expiresAt).getTime() <= now.getTime()) {
      throw new RpcError('invalid_input', `expiresAt: ${rule.expiresAt} is already in the past`);
    }
    if (rule.imageId !== null && !this.db.prepare('SELECT 1 FROM images WHERE id = ?').get(rule.imageId)) {
      throw new RpcError('not_found', `imageId: no scanned image ${rule.imageId}`);
    }
    const expiresAt = rule.expiresAt === null ? null : new Date(rule.expiresAt).toISOString();
    const id = Number(
      this.db
        .prepare('INSERT INTO ignores (vuln_id, image_id, reason, expires_at, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(rule.vulnId, rule.imageId, rule.reason, expiresAt, now.toISOString(), actor).lastInsertRowid,
    );
    const row = this.db.prepare('SELECT g.*, i.name AS image_name FROM ignores g LEFT JOIN images i ON i.id = g.image_id WHERE g.id = ?').get(id) as Row;
    return toRule(row, now);
  }

  remove(id: number, actor: string, now = new Date()): boolean {
    return this.db.prepare('UPDATE ignores SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at IS NULL').run(now.toISOString(), actor, id).changes > 0;
  }

  /** The rule hiding each vulnerability of one image right now, by vulnerability id. */
  activeFor(imageId: string, now = new Date()): Map<string, IgnoreRef> {
    const rows = this.db
      .prepare(
        `SELECT g.id, g.vuln_id, g.image_id, g.reason, g.expires_at FROM ignores g, (SELECT @imageId AS image_id) f
         WHERE g.removed_at IS NULL AND (g.image_id IS NULL OR g.image_id = f.image_id) AND (g.expires_at IS NULL OR g.expires_at > @now)
         ORDER BY g.image_id IS NULL, g.id`,
      )
      .all({ imageId, now: now.toISOString() }) as Row[];
    const out = new Map<string, IgnoreRef>();
    for (const r of rows) {
      if (!out.has(r.vuln_id)) out.set(r.vuln_id, { id: r.id, scope: r.image_id ? 'this-image' : 'all-images', reason: r.reason, expiresAt: r.expires_at });
    }
    return out;
  }
}

function toRule(r: Row, now: Date): IgnoreRule {
  return {
    id: r.id,
    vulnId: r.vuln_id,
    imageId: r.image_id,
    imageName: r.image_name,
    reason: r.reason,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    createdBy: r.created_by,
    active: r.expires_at === null || r.expires_at > now.toISOString(),
  };
}

