// The walker's security roles: malware engines run alongside the read (bounded), report what is too
// large to scan, and baseline evidence is collected with its file's path.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LayerInfo } from '../../../../shared/model/image';
import type { Analyzer } from '../analyzers/analyzer';
import { makeTar, sha256 } from '../sources/image-archive.testkit';
import { analyzeLayer } from './analyze-layer';
import { archiveLimits } from './archive-limits';

const layer = (diffId: string): LayerInfo => ({ index: 0, diffId, digest: null, size: null, createdBy: null });

async function analyse(entries: Parameters<typeof makeTar>[0], analyzers: Analyzer[]) {
  const tar = await makeTar(entries);
  return analyzeLayer(Readable.from([tar]), layer(sha256(tar)), { analyzers, limits: archiveLimits(), image: 'test-image' });
}

/** A slow engine flagging files that contain 'EVIL', recording how many calls overlapped. */
function slowEngine(maxBytes: number) {
  let running = 0;
  const seen = { peak: 0, calls: 0 };
  const analyzer: Analyzer = {
    id: 'slow-engine',
    version: 1,
    role: 'malware',
    maxBytes,
    wants: () => true,
    async analyze(entry, content) {
      running += 1;
      seen.calls += 1;
      seen.peak = Math.max(seen.peak, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running -= 1;
      if (!content.includes('EVIL')) return {};
      return { malware: [{ engine: 'hash', signature: 'Test.Evil', category: 'trojan', severity: 'high', path: '', sha256: 'x', size: content.length, ruleSet: null }] };
    },
  };
  return { analyzer, seen };
}

describe('analyzeLayer security roles', () => {
  it('runs malware engines several files at a time, keeps every hit with its path, and lists files too large to scan', async () => {
    const { analyzer, seen } = slowEngine(100);
    const files = Array.from({ length: 12 }, (_, i) => ({ name: `f${i}`, content: i === 7 ? 'an EVIL file' : `clean ${i}` }));
    const a = await analyse([...files, { name: 'big.bin', content: 'x'.repeat(500) }], [analyzer]);
    expect(seen.calls).toBe(12);
    expect(seen.peak).toBeGreaterThan(1);
    expect(seen.peak).toBeLessThanOrEqual(8);
    expect(a.malware?.hits.map((h) => [h.path, h.signature])).toEqual([['f7', 'Test.Evil']]);
    expect(a.malware?.skipped).toEqual([{ path: 'big.bin', size: 500, analyzer: 'slow-engine', reason: 'larger than the 100-byte scan limit' }]);
    expect(a.malware?.files).toBe(12);
    expect(a.files).toHaveLength(13);
  });

  it('collects baseline evidence with the path of the file it came from, and omits security sections when no engine ran', async () => {
    const shadow: Analyzer = {
      id: 'shadow-test',
      version: 1,
      role: 'baseline',
      maxBytes: 1000,
      wants: (e) => e.path === 'etc/shadow',
      analyze: (_e, content) => (content.toString().includes('::') ? { baseline: [{ itemId: 'IMG-SHADOW-EMPTY', detail: 'root has no password' }] } : {}),
    };
    const a = await analyse([{ name: 'etc/shadow', content: 'root::19000:0:99999:7:::\n' }], [shadow]);
    expect(a.baseline).toEqual([{ itemId: 'IMG-SHADOW-EMPTY', detail: 'root has no password', path: 'etc/shadow' }]);
    expect(a.malware).toBeUndefined();
    const plain = await analyse([{ name: 'etc/shadow', content: 'root::1:::::\n' }], []);
    expect(plain.baseline).toBeUndefined();
  });
});
