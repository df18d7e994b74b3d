import { describe, expect, it } from 'vitest';
import { baselineResultSchema } from '../../../shared/model/baseline';
import { BASELINE_CATALOGUE, ITEM } from './catalogue';
import { imageConfig, imageFile } from './checks/image-config.testkit';
import { evaluateBaseline, type LocatedBaselineHit } from './evaluate-baseline';
import { failedHit, notEvaluatedHit } from './hit-kind';

const diff = `sha256:${'2'.repeat(64)}`;
const at = (path: string, hit: { itemId: string; detail: string }): LocatedBaselineHit => ({ ...hit, path, layerIndex: 1, layerDiffId: diff });
const files = [imageFile('etc/passwd'), imageFile('etc/shadow', 0o100640)];

describe('evaluateBaseline', () => {
  it('returns every item of the requested scanners, in catalogue order, valid against the shared schema', () => {
    const all = evaluateBaseline({ config: imageConfig(), repoTags: ['app:1.0'], files, hits: [], scanners: ['baseline', 'secrets'] });
    expect(all.map((r) => r.id)).toEqual(BASELINE_CATALOGUE.map((i) => i.id));
    for (const r of all) expect(baselineResultSchema.parse(r)).toEqual(r);
    expect(all.filter((r) => r.status !== 'passed')).toEqual([]);
    const secrets = evaluateBaseline({ config: imageConfig(), repoTags: [], files, hits: [], scanners: ['secrets'] });
    expect(secrets.every((r) => r.scanner === 'secrets')).toBe(true);
    expect(secrets.length).toBe(BASELINE_CATALOGUE.filter((i) => i.scanner === 'secrets').length);
  });

  it('turns file evidence into failed items with path and layer', () => {
    const hits = [at('etc/shadow', failedHit(ITEM.shadowEmpty, 'line 2: account guest has an empty password field')), at('root/.ssh/id_rsa', failedHit(ITEM.secretPrivateKey, 'line 1: RSA private key'))];
    const results = evaluateBaseline({ config: imageConfig(), repoTags: [], files, hits, scanners: ['baseline', 'secrets'] });
    const byId = new Map(results.map((r) => [r.id, r]));
    expect(byId.get(ITEM.shadowEmpty)).toMatchObject({ status: 'failed', reason: null, evidence: [{ detail: 'line 2: account guest has an empty password field', path: 'etc/shadow', layerIndex: 1, layerDiffId: diff }] });
    expect(byId.get(ITEM.secretPrivateKey)?.status).toBe('failed');
    expect(byId.get(ITEM.sshRootLogin)?.status).toBe('passed');
  });

  it('marks account items not evaluated without the file, and partial checks with a reason', () => {
    const none = evaluateBaseline({ config: imageConfig(), repoTags: [], files: [], hits: [], scanners: ['baseline'] });
    const byId = new Map(none.map((r) => [r.id, r]));
    expect(byId.get(ITEM.shadowWeak)).toMatchObject({ status: 'not-evaluated', reason: 'no /etc/shadow in the image' });
    expect(byId.get(ITEM.duplicateUid)).toMatchObject({ status: 'not-evaluated', reason: 'no /etc/passwd in the image' });

    const yes = at('etc/shadow', notEvaluatedHit(ITEM.shadowWeak, 'line 3: account bob uses yescrypt ($y$), which is not checked'));
    const onlyUnchecked = evaluateBaseline({ config: imageConfig(), repoTags: [], files, hits: [yes], scanners: ['baseline'] }).find((r) => r.id === ITEM.shadowWeak)!;
    expect(onlyUnchecked).toMatchObject({ status: 'not-evaluated', reason: '1 entry could not be checked: line 3: account bob uses yescrypt ($y$), which is not checked', evidence: [{ path: 'etc/shadow' }] });

    const weak = at('etc/shadow', failedHit(ITEM.shadowWeak, 'line 1: account root: … matches common password #2 of 1000'));
    const mixed = evaluateBaseline({ config: imageConfig(), repoTags: [], files, hits: [weak, yes], scanners: ['baseline'] }).find((r) => r.id === ITEM.shadowWeak)!;
    expect(mixed.status).toBe('failed');
    expect(mixed.evidence.map((e) => e.detail)).toEqual([weak.detail]);
    expect(mixed.reason).toContain('yescrypt');
  });

  it('computes config, history and file-mode items itself', () => {
    const results = evaluateBaseline({
      config: imageConfig({ user: null, healthcheck: null, history: [] }),
      repoTags: ['app:latest'],
      files: [...files, imageFile('usr/bin/evil', 0o104755)],
      hits: [],
      scanners: ['baseline'],
    });
    const status = Object.fromEntries(results.map((r) => [r.id, r.status]));
    expect(status).toMatchObject({ [ITEM.userRoot]: 'failed', [ITEM.healthcheck]: 'failed', [ITEM.suid]: 'failed', [ITEM.latestTag]: 'failed', [ITEM.addRemote]: 'not-evaluated', [ITEM.updateAlone]: 'not-evaluated', [ITEM.worldWritable]: 'passed' });
  });
});
