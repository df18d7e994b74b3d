import { describe, expect, it } from 'vitest';
import type { ImageRow } from '../../../shared/contracts/images';
import { emptyCounts } from '../../../shared/model/severity';
import { summarize } from './security-summary';

function row(name: string, counts: Partial<ReturnType<typeof emptyCounts>> | null, state: 'succeeded' | 'failed' = 'succeeded'): ImageRow {
  return {
    id: `sha256:${name}`,
    name,
    source: 'archive',
    sourceRef: `/x/${name}.tar`,
    repoTags: [name],
    os: 'alpine 3.10.4',
    size: 1,
    created: null,
    inEngine: false,
    security: { malware: null, baselineFailed: null },
    lastScan: counts
      ? { scanId: 1, state, trigger: 'manual', startedAt: '2026-01-01T00:00:00Z', finishedAt: null, counts: { ...emptyCounts(), ...counts }, packages: 0, unownedFiles: 0, error: null }
      : null,
  };
}

describe('summarize', () => {
  it('adds counts across images and ranks the worst by critical then high', () => {
    const s = summarize([row('a', { critical: 1, high: 2, low: 4 }), row('b', { high: 9 }), row('c', { critical: 1, high: 5 }), row('d', null), row('e', { medium: 3 }, 'failed')]);
    expect(s.totals).toMatchObject({ critical: 2, high: 16, medium: 3, low: 4, unknown: 0 });
    expect(s.images).toBe(5);
    expect(s.scanned).toBe(4);
    expect(s.neverScanned).toBe(1);
    expect(s.failed).toBe(1);
    expect(s.worst.map((r) => r.name)).toEqual(['c', 'a', 'b']);
  });

  it('counts malicious files and baseline failures only over images whose last scan checked them', () => {
    const withSecurity = (name: string, malware: number | null, baselineFailed: number | null): ImageRow => ({ ...row(name, {}), security: { malware, baselineFailed } });
    const s = summarize([withSecurity('a', 3, 0), withSecurity('b', 0, 2), withSecurity('c', null, null), withSecurity('d', 1, 5)]);
    expect(s.malware).toEqual({ files: 4, images: 2, checked: 3 });
    expect(s.baseline).toEqual({ images: 2, checked: 3 });
  });
});
