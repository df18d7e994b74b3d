// Scanned images and their scans. A finished scan replaces the image's inventory and findings
// in one transaction; older scans keep their summary row only.
import { createHash } from 'node:crypto';
import type { ImageRow, ScanSummary } from '../../../shared/contracts/images';
import type { LayerInfo } from '../../../shared/model/image';
import type { OsInfo } from '../../../shared/model/os-info';
import type { ImagePackage } from '../../../shared/model/package';
import type { Page, PageQuery } from '../../../shared/model/paging';
import type { ScanReport } from '../../../shared/model/scan-report';
import { emptyCounts, severityRank, type Severity, type SeverityCounts } from '../../../shared/model/severity';
import type { Db } from '../store/database';
import { likeNeedle } from '../store/like-needle';
import { notIgnored } from './active-ignore-sql';

export type ScanTrigger = ScanSummary['trigger'];

interface ScanRow {
  id: number;
  image_id: string;
  trigger: ScanTrigger;
  state: ScanSummary['state'];
  started_at: string;
  finished_at: string | null;
  error: string | null;
  packages: number;
  unowned_files: number;
}

interface ImageDbRow {
  id: string;
  name: string;
  source: ImageRow['source'];
  source_ref: string;
  repo_tags: string;
  platform: string | null;
  os: string | null;
  os_info: string | null;
  user_name: string | null;
  created: string | null;
  size: number | null;
  notes: string;
  last_scan_id: number | null;
}

export interface StoredImage {
  row: ImageRow;
  platform: string | null;
  osInfo: OsInfo | null;
  user: string | null;
  notes: string[];
}

const osLabel = (os: OsInfo | null) => (os ? `${os.family} ${os.version}` : null);

export class ImageRepository {
  constructor(private readonly db: Db) {}

  startScan(imageId: string | null, trigger: ScanTrigger): number {
    // The image row may not exist yet (first scan): a placeholder keeps the foreign key honest.
    const id = imageId ?? `pending:${Date.now()}:${Math.random().toString(36).slice(2)}`;
    return this.db.transaction(() => {
      this.db
        .prepare(`INSERT INTO images (id, name, source, source_ref, first_seen) VALUES (?, ?, 'docker', '', ?) ON CONFLICT(id) DO NOTHING`)
        .run(id, id, new Date().toISOString());
      return Number(
        this.db.prepare(`INSERT INTO scans (image_id, trigger, state, started_at) VALUES (?, ?, 'running', ?)`).run(id, trigger, new Date().toISOString())
          .lastInsertRowid,
      );
    })();
  }

  failScan(scanId: number, state: 'failed' | 'cancelled', error: string): void {
    this.db.prepare(`UPDATE scans SET state = ?, error = ?, finished_at = ? WHERE id = ?`).run(state, error, new Date().toISOString(), scanId);
    // A first scan that failed leaves no placeholder image behind.
    this.db.prepare(`DELETE FROM images WHERE id LIKE 'pending:%' AND id = (SELECT image_id FROM scans WHERE id = ?)`).run(scanId);
  }

  /**
   * Store a finished scan: image facts, layers, inventory, unowned files, findings. The layers,
   * inventory and unowned files are rewritten only when they differ from the stored ones (told by
   * their digest: a rescan of an unchanged image rewrites its findings and scan row only).
   * `inventoryDigest`, when the caller has one for exactly these layers, packages and unowned
   * files, saves computing it.
   */
  saveScan(scanId: number, report: ScanReport, source: { kind: ImageRow['source']; ref: string }, size: number | null, options: { inventoryDigest?: string } = {}): void {
    const now = new Date().toISOString();
    const image = report.image;
    const digest = options.inventoryDigest ?? inventoryDigest(report);
    this.db.transaction(() => {
      const placeholder = (this.db.prepare('SELECT image_id FROM scans WHERE id = ?').get(scanId) as { image_id: string }).image_id;
      const stored = this.db.prepare('SELECT inventory_digest FROM images WHERE id = ?').get(image.id) as { inventory_digest: string | null } | undefined;
      const unchanged = stored?.inventory_digest === digest;
      this.db
        .prepare(
          `INSERT INTO images (id, name, source, source_ref, repo_tags, repo_digests, platform, os, os_info, user_name, labels, created, size, notes, first_seen, last_scan_id, inventory_digest)
           VALUES (@id, @name, @source, @ref, @tags, @digests, @platform, @os, @osInfo, @user, @labels, @created, @size, @notes, @now, @scanId, @digest)
           ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source, source_ref = excluded.source_ref,
             repo_tags = excluded.repo_tags, repo_digests = excluded.repo_digests, platform = excluded.platform, os = excluded.os,
             os_info = excluded.os_info, user_name = excluded.user_name, labels = excluded.labels, created = excluded.created,
             size = coalesce(excluded.size, images.size), notes = excluded.notes, last_scan_id = excluded.last_scan_id,
             inventory_digest = excluded.inventory_digest`,
        )
        .run({
          id: image.id,
          name: image.name,
          source: source.kind,
          ref: source.ref,
          tags: JSON.stringify(image.repoTags),
          digests: JSON.stringify(image.repoDigests),
          platform: image.platform,
          os: osLabel(image.os),
          osInfo: image.os ? JSON.stringify(image.os) : null,
          user: image.user,
          labels: JSON.stringify(image.labels),
          created: image.created,
          size,
          notes: JSON.stringify(report.notes),
          now,
          scanId,
          digest,
        });
      if (placeholder !== image.id) {
        this.db.prepare('UPDATE scans SET image_id = ? WHERE id = ?').run(image.id, scanId);
        this.db.prepare('DELETE FROM images WHERE id = ?').run(placeholder);
      }
      this.db.prepare('DELETE FROM findings WHERE image_id = ?').run(image.id);
      if (!unchanged) this.storeInventory(image.id, report);
      const finding = this.db.prepare(
        `INSERT INTO findings (image_id, scan_id, vuln_id, aliases, title, severity, severity_rank, severity_source, cvss, cvss_score, fix_state, fixed_version,
           source, refs, published, package_type, package_name, package_version, matched_name, package_path, layer_index, layer_diff_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const f of report.vulnerabilities) {
        const score = f.cvss.reduce<number | null>((max, c) => (c.score !== null && (max === null || c.score > max) ? c.score : max), null);
        finding.run(
          image.id, scanId, f.vulnId, JSON.stringify(f.aliases), f.title, f.severity, severityRank(f.severity), f.severitySource, JSON.stringify(f.cvss), score,
          f.fixState, f.fixedVersion, f.source, JSON.stringify(f.references), f.published, f.packageType, f.packageName, f.packageVersion, f.matchedName,
          f.packagePath, f.layerIndex, f.layerDiffId,
        );
      }
      this.db
        .prepare(`UPDATE scans SET state = 'succeeded', finished_at = ?, vulndb_built = ?, packages = ?, unowned_files = ? WHERE id = ?`)
        .run(now, report.vulnDb?.builtAt ?? null, report.packages.length, report.unownedFiles.length, scanId);
    })();
  }

  private storeInventory(imageId: string, report: ScanReport): void {
    for (const table of ['image_layers', 'packages', 'unowned_files']) {
      this.db.prepare(`DELETE FROM ${table} WHERE image_id = ?`).run(imageId);
    }
    const layer = this.db.prepare('INSERT INTO image_layers (image_id, idx, diff_id, digest, size, created_by) VALUES (?, ?, ?, ?, ?, ?)');
    for (const l of report.image.layers) layer.run(imageId, l.index, l.diffId, l.digest, l.size, l.createdBy);
    const pkg = this.db.prepare(
      `INSERT INTO packages (image_id, idx, type, name, version, source_name, source_version, namespace, arch, purl, licenses, path, installed_by, layer_index, layer_diff_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    report.packages.forEach((p, i) =>
      pkg.run(imageId, i, p.type, p.name, p.version, p.sourceName, p.sourceVersion, p.namespace, p.arch, p.purl, JSON.stringify(p.licenses), p.path, p.installedBy, p.layerIndex, p.layerDiffId),
    );
    const file = this.db.prepare(
      'INSERT OR REPLACE INTO unowned_files (image_id, path, size, mode, uid, gid, sha256, layer_index, layer_diff_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    for (const f of report.unownedFiles) file.run(imageId, f.path, f.size, f.mode, f.uid, f.gid, f.sha256, f.layerIndex, f.layerDiffId);
  }

  /** Counts of findings not ignored, per image. */
  private counts(imageIds: readonly string[]): Map<string, SeverityCounts> {
    const out = new Map<string, SeverityCounts>();
    if (imageIds.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT f.image_id AS imageId, f.severity AS severity, count(*) AS n FROM findings f
         WHERE f.image_id IN (SELECT value FROM json_each(@ids)) AND ${notIgnored('f')}
         GROUP BY f.image_id, f.severity`,
      )
      .all({ ids: JSON.stringify(imageIds), now: new Date().toISOString() }) as { imageId: string; severity: Severity; n: number }[];
    for (const r of rows) {
      const counts = out.get(r.imageId) ?? emptyCounts();
      counts[r.severity] = r.n;
      out.set(r.imageId, counts);
    }
    return out;
  }

  private summary(scan: ScanRow, counts: SeverityCounts | undefined, latest: boolean): ScanSummary {
    return {
      scanId: scan.id,
      state: scan.state,
      trigger: scan.trigger,
      startedAt: scan.started_at,
      finishedAt: scan.finished_at,
      // Findings are kept for the last successful scan only; older scans report none.
      counts: latest ? (counts ?? emptyCounts()) : emptyCounts(),
      packages: scan.packages,
      unownedFiles: scan.unowned_files,
      error: scan.error,
    };
  }

  /** Every stored image (not placeholders), with its latest scan. */
  all(): ImageRow[] {
    const rows = this.db.prepare(`SELECT * FROM images WHERE id NOT LIKE 'pending:%'`).all() as ImageDbRow[];
    const latest = new Map<string, ScanRow>();
    for (const s of this.db.prepare(`SELECT * FROM scans WHERE id IN (SELECT max(id) FROM scans GROUP BY image_id)`).all() as ScanRow[]) {
      latest.set(s.image_id, s);
    }
    const counts = this.counts(rows.map((r) => r.id));
    const security = new Map<string, ImageRow['security']>();
    for (const s of this.db.prepare('SELECT image_id, scanners, malware_count, baseline_failed FROM image_security').all() as SecurityCountsRow[]) {
      security.set(s.image_id, securityOf(s));
    }
    return rows.map((r) => this.toRow(r, latest.get(r.id) ?? null, counts.get(r.id), security.get(r.id) ?? { malware: null, baselineFailed: null }));
  }

  private toRow(r: ImageDbRow, scan: ScanRow | null, counts: SeverityCounts | undefined, security?: ImageRow['security']): ImageRow {
    return {
      id: r.id,
      name: r.name,
      source: r.source,
      sourceRef: r.source_ref,
      repoTags: JSON.parse(r.repo_tags) as string[],
      os: r.os,
      size: r.size,
      created: r.created,
      inEngine: false,
      lastScan: scan ? this.summary(scan, counts, scan.id === r.last_scan_id || scan.state !== 'succeeded') : null,
      security: security ?? this.securityCounts(r.id),
    };
  }

  private securityCounts(imageId: string): ImageRow['security'] {
    const row = this.db.prepare('SELECT image_id, scanners, malware_count, baseline_failed FROM image_security WHERE image_id = ?').get(imageId) as SecurityCountsRow | undefined;
    return row ? securityOf(row) : { malware: null, baselineFailed: null };
  }

  get(imageId: string): (StoredImage & { layers: LayerInfo[]; scans: ScanSummary[] }) | null {
    const r = this.db.prepare('SELECT * FROM images WHERE id = ?').get(imageId) as ImageDbRow | undefined;
    if (!r) return null;
    const scans = this.db.prepare('SELECT * FROM scans WHERE image_id = ? ORDER BY id DESC LIMIT 50').all(imageId) as ScanRow[];
    const counts = this.counts([imageId]).get(imageId);
    const layers = (
      this.db.prepare('SELECT * FROM image_layers WHERE image_id = ? ORDER BY idx').all(imageId) as {
        idx: number;
        diff_id: string;
        digest: string | null;
        size: number | null;
        created_by: string | null;
      }[]
    ).map((l) => ({ index: l.idx, diffId: l.diff_id, digest: l.digest, size: l.size, createdBy: l.created_by }));
    return {
      row: this.toRow(r, scans[0] ?? null, counts),
      platform: r.platform,
      osInfo: r.os_info ? (JSON.parse(r.os_info) as OsInfo) : null,
      user: r.user_name,
      notes: JSON.parse(r.notes) as string[],
      layers,
      scans: scans.map((s) => this.summary(s, counts, s.id === r.last_scan_id)),
    };
  }

  packages(imageId: string, query: PageQuery<'name' | 'type' | 'layer' | 'version'> & { type?: string | undefined }): Page<ImagePackage> {
    const params: Record<string, unknown> = { imageId };
    const where = ['image_id = @imageId'];
    if (query.type) {
      where.push('type = @type');
      params.type = query.type;
    }
    if (query.filter?.trim()) {
      where.push(`(name LIKE @needle ESCAPE '\\' OR purl LIKE @needle ESCAPE '\\' OR path LIKE @needle ESCAPE '\\')`);
      params.needle = likeNeedle(query.filter);
    }
    const columns = { name: 'name', type: 'type', layer: 'layer_index', version: 'version' } as const;
    const sort = query.sort ?? { field: 'name', direction: 'asc' };
    const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const whereSql = where.join(' AND ');
    const total = (this.db.prepare(`SELECT count(*) AS n FROM packages WHERE ${whereSql}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT * FROM packages WHERE ${whereSql} ORDER BY ${columns[sort.field]} ${dir}, idx LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset }) as Record<string, unknown>[];
    return { total, rows: rows.map(toPackage) };
  }

  /** The whole inventory of the last scan, in scan order (for exports). */
  allPackages(imageId: string): ImagePackage[] {
    return (this.db.prepare('SELECT * FROM packages WHERE image_id = ? ORDER BY idx').all(imageId) as Record<string, unknown>[]).map(toPackage);
  }

  files(imageId: string, query: PageQuery<'path' | 'size' | 'layer'>) {
    const params: Record<string, unknown> = { imageId };
    let whereSql = 'image_id = @imageId';
    if (query.filter?.trim()) {
      whereSql += ` AND (path LIKE @needle ESCAPE '\\' OR sha256 LIKE @needle ESCAPE '\\')`;
      params.needle = likeNeedle(query.filter);
    }
    const columns = { path: 'path', size: 'size', layer: 'layer_index' } as const;
    const sort = query.sort ?? { field: 'path', direction: 'asc' };
    const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM unowned_files WHERE ${whereSql}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(`SELECT path, size, mode, uid, gid, sha256, layer_index AS layerIndex, layer_diff_id AS layerDiffId FROM unowned_files WHERE ${whereSql} ORDER BY ${columns[sort.field]} ${dir}, path LIMIT @limit OFFSET @offset`)
      .all({ ...params, limit: query.limit, offset: query.offset }) as { path: string; size: number; mode: number; uid: number; gid: number; sha256: string; layerIndex: number; layerDiffId: string }[];
    return { total, rows };
  }

  /** Images to scan again on the daily schedule: every stored image with a source to reopen. */
  rescanTargets(): { id: string; source: ImageRow['source']; ref: string }[] {
    return this.db.prepare(`SELECT id, source, source_ref AS ref FROM images WHERE id NOT LIKE 'pending:%' AND source_ref != ''`).all() as {
      id: string;
      source: ImageRow['source'];
      ref: string;
    }[];
  }
}

/** What saveScan compares to tell an unchanged inventory: the layers, packages and unowned files as stored. */
export function inventoryDigest(report: Pick<ScanReport, 'image' | 'packages' | 'unownedFiles'>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(report.image.layers));
  hash.update('\n');
  hash.update(JSON.stringify(report.packages));
  hash.update('\n');
  hash.update(JSON.stringify(report.unownedFiles));
  return hash.digest('hex');
}

function toPackage(r: Record<string, unknown>): ImagePackage {
  return {
    type: r.type as ImagePackage['type'],
    name: r.name as string,
    version: r.version as string,
    sourceName: r.source_name as string | null,
    sourceVersion: r.source_version as string | null,
    namespace: r.namespace as string | null,
    arch: r.arch as string | null,
    purl: r.purl as string,
    licenses: JSON.parse(r.licenses as string) as string[],
    path: r.path as string,
    installedBy: r.installed_by as string | null,
    layerIndex: r.layer_index as number,
    layerDiffId: r.layer_diff_id as string,
  };
}

interface SecurityCountsRow {
  image_id: string;
  scanners: string;
  malware_count: number;
  baseline_failed: number;
}

/** The counts of the scanners that ran (security-repository.ts keeps them with the last scan). */
function securityOf(row: SecurityCountsRow): ImageRow['security'] {
  const scanners = JSON.parse(row.scanners) as string[];
  return {
    malware: scanners.includes('malware') ? row.malware_count : null,
    baselineFailed: scanners.includes('baseline') || scanners.includes('secrets') ? row.baseline_failed : null,
  };
}
