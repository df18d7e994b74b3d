// Each image's malware and baseline sections from its last scan. Stored as the report's own JSON
// (validated on the way out) because they are read whole: by the image detail and by exports.
import { z } from 'zod';
import { baselineResultSchema, type BaselineResult } from '../../../shared/model/baseline';
import { malwareReportSchema, type MalwareReport } from '../../../shared/model/malware';
import { scannerKindSchema, type ScannerKind } from '../../../shared/model/scanner';
import type { Db } from '../store/database';

export interface SecuritySections {
  scanners: ScannerKind[];
  malware: MalwareReport | null;
  baseline: BaselineResult[] | null;
}

const sectionsSchema = z.object({
  scanners: z.array(scannerKindSchema),
  malware: malwareReportSchema.nullable(),
  baseline: z.array(baselineResultSchema).nullable(),
});

interface Row {
  scanners: string;
  malware: string | null;
  baseline: string | null;
}

export class SecurityRepository {
  constructor(private readonly db: Db) {}

  save(imageId: string, scanId: number, sections: SecuritySections): void {
    const malwareCount = sections.malware?.findings.length ?? 0;
    const baselineFailed = sections.baseline?.filter((r) => r.status === 'failed').length ?? 0;
    this.db
      .prepare(
        `INSERT INTO image_security (image_id, scan_id, scanners, malware, baseline, malware_count, baseline_failed) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(image_id) DO UPDATE SET scan_id = excluded.scan_id, scanners = excluded.scanners, malware = excluded.malware,
           baseline = excluded.baseline, malware_count = excluded.malware_count, baseline_failed = excluded.baseline_failed`,
      )
      .run(imageId, scanId, JSON.stringify(sections.scanners), sections.malware ? JSON.stringify(sections.malware) : null, sections.baseline ? JSON.stringify(sections.baseline) : null, malwareCount, baselineFailed);
  }

  /** The image's sections, or only 'vuln' with empty sections for images scanned before these existed. */
  get(imageId: string): SecuritySections {
    const row = this.db.prepare('SELECT scanners, malware, baseline FROM image_security WHERE image_id = ?').get(imageId) as Row | undefined;
    if (!row) return { scanners: ['vuln'], malware: null, baseline: null };
    return sectionsSchema.parse({
      scanners: JSON.parse(row.scanners),
      malware: row.malware ? JSON.parse(row.malware) : null,
      baseline: row.baseline ? JSON.parse(row.baseline) : null,
    });
  }
}
