import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alpineAppReport } from '../scan-output/scan-report.testkit';
import { openStore } from '../store/database';
import { chooseUpdateEcosystems } from '../vulndb/db-update';
import { ImageRepository } from './image-repository';
import { scannedEcosystems } from './scanned-ecosystems';

describe('scannedEcosystems', () => {
  it('lists the distribution and language ecosystems of the stored inventories, and db update adds them to its default list', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-ecosystems-'));
    expect(scannedEcosystems(dir)).toEqual([]);
    const store = openStore(dir);
    const images = new ImageRepository(store.db);
    const report = alpineAppReport();
    const scanId = images.startScan(null, 'manual');
    images.saveScan(scanId, report, { kind: 'registry', ref: report.image.name }, null);
    store.db.close();
    const types = new Set(report.packages.map((p) => p.type));
    expect(types.has('apk') && types.has('npm')).toBe(true);
    const found = scannedEcosystems(dir);
    expect(found).toContain('Alpine');
    expect(found).toContain('npm');
    expect(found).toContain('PyPI');
    expect(found).toContain('Go');
    expect(chooseUpdateEcosystems(path.join(dir, 'no-vulndb.sqlite'), undefined, found)).toEqual(found);
    expect(chooseUpdateEcosystems(path.join(dir, 'no-vulndb.sqlite'), ['Debian'], found)).toEqual(['Debian']);
  });
});
