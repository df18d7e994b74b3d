// Examples taken from Debian Policy §5.6.12 and deb-version(7).
import { describe, expect, it } from 'vitest';
import * as dpkg from './dpkg';

describe('dpkg version order', () => {
  it('sorts the policy example ~~, ~~a, ~, (empty), a', () => {
    const list = ['1.0a', '1.0~~a', '1.0', '1.0~', '1.0~~'];
    expect([...list].sort(dpkg.compare)).toEqual(['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a']);
  });

  it('splits epoch, upstream and revision at the first colon and the last hyphen', () => {
    const p = dpkg.parse('2:1.2-3-4ubuntu1');
    expect(p).toEqual({ ok: true, value: { epoch: 2, upstream: '1.2-3', revision: '4ubuntu1' } });
  });

  it('accepts what dpkg only warns about, and says so through isStrictlyValid', () => {
    expect(dpkg.parse('abc').ok).toBe(true);
    expect(dpkg.compare('abc', '1.0')).toBeGreaterThan(0); // policy: a non-digit prefix "abc" sorts after the empty one
    expect(dpkg.isValid('abc')).toBe(false);
    expect(dpkg.isStrictlyValid('1:2.30-1+deb12u1')).toBe(true);
  });
});
