// Rebuild an image's ScanReport from the store (its last scan), for exports from the UI.
import { RpcError } from '../../../shared/contracts/errors';
import type { ScanReport } from '../../../shared/model/scan-report';
import type { Db } from '../store/database';
import { appInfo } from '../system/app-info';
import { countFindings } from './attribute-findings';
import { FindingsRepository } from './findings-repository';
import { ImageRepository } from './image-repository';
import { SecurityRepository } from './security-repository';

export function storedReport(db: Db, imageId: string): ScanReport {
  const images = new ImageRepository(db);
  const found = images.get(imageId);
  const last = found?.scans.find((s) => s.state === 'succeeded');
  if (!found || !last) throw new RpcError('not_found', `imageId: ${imageId} has no finished scan to export`);
  const files = images.files(imageId, { offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const findings = new FindingsRepository(db).list({ imageId, includeIgnored: true, offset: 0, limit: Number.MAX_SAFE_INTEGER });
  const vulnerabilities = findings.rows.map(({ id: _id, imageId: _image, imageName: _name, cvssScore: _score, ...finding }) => finding);
  const row = found.row;
  const stored = storedIdentity(db, imageId);
  const vulndbBuilt = (db.prepare('SELECT vulndb_built FROM scans WHERE id = ?').get(last.scanId) as { vulndb_built: string | null } | undefined)?.vulndb_built ?? null;
  return {
    schemaVersion: 1,
    tool: { name: appInfo.name, version: appInfo.version },
    scannedAt: last.finishedAt ?? last.startedAt,
    image: {
      id: row.id,
      name: row.name,
      source: row.source,
      repoTags: row.repoTags,
      repoDigests: stored.repoDigests,
      platform: found.platform,
      created: row.created,
      os: found.osInfo,
      layers: found.layers,
      user: found.user,
      labels: stored.labels,
    },
    vulnDb: vulndbBuilt ? { builtAt: vulndbBuilt, sources: [] } : null,
    packages: images.allPackages(imageId),
    unownedFiles: files.rows,
    vulnerabilities,
    counts: countFindings(vulnerabilities),
    ...new SecurityRepository(db).get(imageId),
    notes: found.notes,
  };
}

/** Repo digests and labels, kept in the images row as JSON. */
function storedIdentity(db: Db, imageId: string): { repoDigests: string[]; labels: Record<string, string> } {
  const row = db.prepare('SELECT repo_digests, labels FROM images WHERE id = ?').get(imageId) as { repo_digests: string; labels: string } | undefined;
  return { repoDigests: row ? (JSON.parse(row.repo_digests) as string[]) : [], labels: row ? (JSON.parse(row.labels) as Record<string, string>) : {} };
}
