// Go pseudo-versions, with the three shapes from the Go modules reference.
import { describe, expect, it } from 'vitest';
import * as go from './go';

describe('Go module versions', () => {
  it('recognises the three pseudo-version forms', () => {
    expect(go.isPseudoVersion('v0.0.0-20191109021931-daa7c04131f5')).toBe(true);
    expect(go.isPseudoVersion('v1.2.3-pre.0.20191109021931-daa7c04131f5')).toBe(true);
    expect(go.isPseudoVersion('v1.2.4-0.20191109021931-daa7c04131f5')).toBe(true);
    expect(go.isPseudoVersion('0.0.0-20191109021931-daa7c04131f5')).toBe(true); // OSV drops the v
    expect(go.isPseudoVersion('v1.2.3')).toBe(false);
    expect(go.isPseudoVersion('v1.2.3-rc.1')).toBe(false);
    expect(go.pseudoVersionTime('v2.0.0-20210101120000-0123456789ab+incompatible')).toBe('20210101120000');
  });

  it('orders a pseudo-version after its base and before the next release', () => {
    expect(go.compare('v1.2.3', 'v1.2.4-0.20191109021931-daa7c04131f5')).toBe(-1);
    expect(go.compare('v1.2.4-0.20191109021931-daa7c04131f5', 'v1.2.4')).toBe(-1);
    expect(go.compare('v0.0.0-20191109021931-daa7c04131f5', 'v0.0.0-20200101000000-000000000000')).toBe(-1);
  });

  it('ignores +incompatible and accepts the version with or without v', () => {
    expect(go.compare('v2.0.0+incompatible', '2.0.0')).toBe(0);
    expect(go.isValid('v2.0.0+incompatible')).toBe(true);
    expect(go.isValid('1.2.3')).toBe(true);
    expect(go.isValid('v1.2')).toBe(false);
    expect(go.isValid('vv1.2.3')).toBe(false);
  });
});
