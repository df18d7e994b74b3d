import { describe, expect, it } from 'vitest';
import { baselineItemSchema } from '../../../shared/model/baseline';
import { BASELINE_CATALOGUE, ITEM, baselineItem } from './catalogue';

describe('baseline catalogue', () => {
  it('has one valid entry per id, with text for every field', () => {
    const ids = BASELINE_CATALOGUE.map((i) => i.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(Object.values(ITEM).sort());
    for (const item of BASELINE_CATALOGUE) {
      expect(baselineItemSchema.parse(item)).toEqual(item);
      expect(item.title.length).toBeGreaterThan(5);
      expect(item.why.length).toBeGreaterThan(30);
      expect(item.fix.length).toBeGreaterThan(20);
      if (item.benchmark !== null) expect(item.benchmark).toMatch(/^CIS Docker Benchmark v1\.6 4\.\d+ /);
    }
  });

  it('puts secrets under the secrets scanner and names the CIS §4 items', () => {
    for (const item of BASELINE_CATALOGUE) expect(item.scanner).toBe(item.id.startsWith('IMG-SECRET-') ? 'secrets' : 'baseline');
    expect(baselineItem(ITEM.userRoot)?.benchmark).toContain('4.1 ');
    expect(baselineItem(ITEM.healthcheck)?.benchmark).toContain('4.6 ');
    expect(baselineItem(ITEM.suid)?.benchmark).toContain('4.8 ');
    expect(baselineItem(ITEM.addRemote)?.benchmark).toContain('4.9 ');
    expect(baselineItem(ITEM.secretEnv)?.benchmark).toContain('4.10 ');
    expect(baselineItem(ITEM.unneededTools)?.benchmark).toContain('4.3 ');
    expect(baselineItem(ITEM.updateAlone)?.benchmark).toContain('4.7 ');
    expect(baselineItem('nope')).toBeUndefined();
  });
});
