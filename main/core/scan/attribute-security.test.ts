import { describe, expect, it } from 'vitest';
import type { ImageFile } from '../../../shared/model/image';
import type { MalwareHit } from '../../../shared/model/malware';
import type { LayerAnalysis } from '../images/layers/layer-analysis';
import { attributeMalware, survivingBaselineHits } from './attribute-security';

const layer = (index: number) => ({ index, diffId: `sha256:${String(index).repeat(64)}`, digest: null, size: null, createdBy: null });
const file = (path: string, layerIndex: number): ImageFile => ({ path, size: 1, mode: 0o100644, uid: 0, gid: 0, sha256: 'x', layerIndex, layerDiffId: layer(layerIndex).diffId });
const hit = (path: string): MalwareHit => ({ engine: 'yara', signature: 'Vigil_Test', category: 'webshell', severity: 'critical', path, sha256: 'x', size: 1, ruleSet: null });

function analysis(parts: Partial<LayerAnalysis>): LayerAnalysis {
  return { diffId: '', analyzerKey: '', osCandidates: [], packages: [], ownedPaths: [], ownedPrefixes: [], osOwnedPaths: [], files: [], symlinks: [], whiteouts: [], opaqueDirs: [], notes: [], bytes: 0, entries: 0, ...parts };
}

describe('attributeMalware / survivingBaselineHits', () => {
  const layers = [
    {
      info: layer(0),
      analysis: analysis({
        malware: { hits: [hit('var/www/shell.php'), hit('tmp/gone.php')], skipped: [{ path: 'big.iso', size: 9e9, analyzer: 'malware', reason: 'larger than the limit' }], files: 10, bytes: 1000 },
        baseline: [
          { itemId: 'IMG-SHADOW-EMPTY', detail: 'app has no password', path: 'etc/shadow' },
          { itemId: 'IMG-SECRET-PRIVATE-KEY', detail: 'OpenSSH private key', path: 'root/.ssh/id_rsa' },
        ],
      }),
    },
    { info: layer(1), analysis: analysis({ malware: { hits: [], skipped: [], files: 2, bytes: 20 }, baseline: [] }) },
  ];
  // Layer 1 replaced etc/shadow and deleted tmp/gone.php and the key.
  const finalFiles = new Map([
    ['var/www/shell.php', file('var/www/shell.php', 0)],
    ['etc/shadow', file('etc/shadow', 1)],
  ]);

  it('keeps malware from every layer, marking what a later layer removed, and lists unscanned files', () => {
    const report = attributeMalware(layers, finalFiles);
    expect(report.findings.map((f) => [f.path, f.presentInFinalImage, f.layerIndex])).toEqual([
      ['var/www/shell.php', true, 0],
      ['tmp/gone.php', false, 0],
    ]);
    expect(report.notScanned).toEqual([{ path: 'big.iso', size: 9e9, reason: 'malware: larger than the limit', layerIndex: 0, layerDiffId: layer(0).diffId }]);
    expect([report.filesScanned, report.bytesScanned]).toEqual([12, 1020]);
  });

  it('drops configuration evidence whose file was replaced, but keeps removed secrets (they still ship)', () => {
    const kept = survivingBaselineHits(layers, finalFiles, (id) => id.startsWith('IMG-SECRET-'));
    expect(kept.map((h) => h.itemId)).toEqual(['IMG-SECRET-PRIVATE-KEY']);
    expect(kept[0]!.detail).toMatch(/removed by a later layer, still shipped in layer 0/);
    expect(survivingBaselineHits(layers, finalFiles)).toEqual([]);
  });
});
