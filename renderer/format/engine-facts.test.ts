import { describe, expect, it } from 'vitest';
import { engineFacts } from './engine-facts';

describe('engineFacts', () => {
  it('joins what is known, with no empty parts and a singular for one signature', () => {
    const base = { engine: 'hash' as const, available: true, message: null };
    expect(engineFacts({ ...base, version: null, signatures: 1, signatureDate: null }, (d) => d)).toBe('1 signature');
    expect(engineFacts({ ...base, version: 'ClamAV 1.4.6', signatures: 2500, signatureDate: '2026-11-20T00:00:00Z' }, (d) => d.slice(0, 10))).toBe('ClamAV 1.4.6 · 2,500 signatures · 2026-11-20');
  });
});
