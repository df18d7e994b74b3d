// The Vulnerabilities page: findings of every image's last scan, filtered, sorted and paged in
// SQL. Severity filters use IN on the rank (equality, so the index serves it; DESIGN §8).
import type { FindingRow } from '../../../shared/contracts/vulnerabilities';
import type { FixState } from '../../../shared/model/finding';
import type { PackageType } from '../../../shared/model/package';
import type { Page, PageQuery } from '../../../shared/model/paging';
import { severityRank, type Severity } from '../../../shared/model/severity';
import type { Db } from '../store/database';
import { likeNeedle } from '../store/like-needle';
import { activeIgnoreCondition } from './active-ignore-sql';

export type FindingSortField = 'severity' | 'cvss' | 'vulnId' | 'package' | 'image' | 'published' | 'fixState';

export interface FindingQuery extends PageQuery<FindingSortField> {
  severities?: Severity[] | undefined;
  fixStates?: FixState[] | undefined;
  packageTypes?: PackageType[] | undefined;
  imageId?: string | undefined;
  includeIgnored: boolean;
}

const orderBy: Record<FindingSortField, string> = {
  severity: 'f.severity_rank',
  cvss: 'f.cvss_score',
  vulnId: 'f.vuln_id',
  package: 'f.package_name',
  image: 'i.name',
  published: 'f.published',
  fixState: 'f.fix_state',
};

export class FindingsRepository {
  constructor(private readonly db: Db) {}

  list(query: FindingQuery, now = new Date()): Page<FindingRow> {
    const where: string[] = [];
    const params: Record<string, unknown> = { now: now.toISOString() };
    if (query.severities?.length) {
      where.push('f.severity_rank IN (SELECT value FROM json_each(@ranks))');
      params.ranks = JSON.stringify(query.severities.map(severityRank));
    }
    if (query.fixStates?.length) {
      where.push('f.fix_state IN (SELECT value FROM json_each(@fixStates))');
      params.fixStates = JSON.stringify(query.fixStates);
    }
    if (query.packageTypes?.length) {
      where.push('f.package_type IN (SELECT value FROM json_each(@types))');
      params.types = JSON.stringify(query.packageTypes);
    }
    if (query.imageId) {
      where.push('f.image_id = @imageId');
      params.imageId = query.imageId;
    }
    if (query.filter?.trim()) {
      where.push(`(f.vuln_id LIKE @needle ESCAPE '\\' OR f.package_name LIKE @needle ESCAPE '\\' OR f.title LIKE @needle ESCAPE '\\' OR f.aliases LIKE @needle ESCAPE '\\')`);
      params.needle = likeNeedle(query.filter);
    }
    const ignored = `(SELECT g.id FROM ignores g WHERE ${activeIgnoreCondition('f')} ORDER BY g.image_id IS NULL, g.id LIMIT 1)`;
    if (!query.includeIgnored) where.push(`${ignored} IS NULL`);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const sort = query.sort ?? { field: 'severity', direction: 'desc' };
    const dir = sort.direction === 'asc' ? 'ASC' : 'DESC';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM findings f ${whereSql}`).get(params) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT f.*, i.name AS image_name, ${ignored} AS ignore_id FROM findings f JOIN images i ON i.id = f.image_id ${whereSql}
         ORDER BY ${orderBy[sort.field]} ${dir}, f.id ${dir} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: query.limit, offset: query.offset }) as Record<string, unknown>[];
    const ignoreIds = [...new Set(rows.map((r) => r.ignore_id).filter((x): x is number => typeof x === 'number'))];
    const ignores = new Map(
      (ignoreIds.length
        ? (this.db.prepare('SELECT id, image_id, reason, expires_at FROM ignores WHERE id IN (SELECT value FROM json_each(?))').all(JSON.stringify(ignoreIds)) as {
            id: number;
            image_id: string | null;
            reason: string;
            expires_at: string | null;
          }[])
        : []
      ).map((g) => [g.id, { id: g.id, scope: g.image_id ? ('this-image' as const) : ('all-images' as const), reason: g.reason, expiresAt: g.expires_at }]),
    );
    return {
      total,
      rows: rows.map((r) => ({
        id: r.id as number,
        imageId: r.image_id as string,
        imageName: r.image_name as string,
        cvssScore: r.cvss_score as number | null,
        vulnId: r.vuln_id as string,
        aliases: JSON.parse(r.aliases as string) as string[],
        title: r.title as string | null,
        severity: r.severity as Severity,
        severitySource: r.severity_source as FindingRow['severitySource'],
        cvss: JSON.parse(r.cvss as string) as FindingRow['cvss'],
        fixState: r.fix_state as FixState,
        fixedVersion: r.fixed_version as string | null,
        source: r.source as string,
        references: JSON.parse(r.refs as string) as string[],
        published: r.published as string | null,
        packageType: r.package_type as PackageType,
        packageName: r.package_name as string,
        packageVersion: r.package_version as string,
        matchedName: r.matched_name as string,
        packagePath: r.package_path as string,
        layerIndex: r.layer_index as number,
        layerDiffId: r.layer_diff_id as string,
        ignored: typeof r.ignore_id === 'number' ? (ignores.get(r.ignore_id) ?? null) : null,
      })),
    };
  }
}
