// The dashboard's image-security numbers, from the Images list rows (each with its last
// scan's counts of findings that are not ignored).
import type { ImageRow } from '../../../shared/contracts/images';
import { emptyCounts, severities, type SeverityCounts } from '../../../shared/model/severity';
import { MAX_PAGE_SIZE } from '../../../shared/model/paging';
import { client } from '../../transport/client';

export interface SecuritySummary {
  totals: SeverityCounts;
  images: number;
  scanned: number;
  neverScanned: number;
  failed: number;
  /** Images with the most critical, then high findings (only those with any). */
  worst: ImageRow[];
  /** Malicious files across images whose last scan looked for them, and how many images have any. */
  malware: { files: number; images: number; checked: number };
  /** Images whose last baseline check failed items, of those checked. */
  baseline: { images: number; checked: number };
}

export function summarize(rows: readonly ImageRow[], top = 5): SecuritySummary {
  const totals = emptyCounts();
  let scanned = 0;
  let failed = 0;
  const malware = { files: 0, images: 0, checked: 0 };
  const baseline = { images: 0, checked: 0 };
  for (const row of rows) {
    if (row.security.malware !== null) {
      malware.checked += 1;
      malware.files += row.security.malware;
      if (row.security.malware > 0) malware.images += 1;
    }
    if (row.security.baselineFailed !== null) {
      baseline.checked += 1;
      if (row.security.baselineFailed > 0) baseline.images += 1;
    }
    if (!row.lastScan) continue;
    scanned += 1;
    if (row.lastScan.state === 'failed') failed += 1;
    for (const s of severities) totals[s] += row.lastScan.counts[s] ?? 0;
  }
  const critical = (r: ImageRow) => r.lastScan?.counts.critical ?? 0;
  const high = (r: ImageRow) => r.lastScan?.counts.high ?? 0;
  const worst = rows
    .filter((r) => critical(r) + high(r) > 0)
    .sort((a, b) => critical(b) - critical(a) || high(b) - high(a) || a.name.localeCompare(b.name))
    .slice(0, top);
  return { totals, images: rows.length, scanned, neverScanned: rows.length - scanned, failed, worst, malware, baseline };
}

/** Every row of images.list (it pages in memory; image counts are small). */
export async function loadAllImages(): Promise<ImageRow[]> {
  const rows: ImageRow[] = [];
  for (;;) {
    const page = await client().call('images.list', { offset: rows.length, limit: MAX_PAGE_SIZE, sort: { field: 'name', direction: 'asc' } });
    rows.push(...page.rows);
    if (page.rows.length === 0 || rows.length >= page.total) return rows;
  }
}
