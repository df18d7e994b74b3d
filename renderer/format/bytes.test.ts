import { describe, expect, it } from 'vitest';
import { formatBytes } from './bytes';

describe('formatBytes', () => {
  it('formats decimal units like docker does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1000)).toBe('1 kB');
    expect(formatBytes(1536)).toBe('1.54 kB');
    expect(formatBytes(7_800_000)).toBe('7.8 MB');
    expect(formatBytes(77_812_345)).toBe('77.8 MB');
    expect(formatBytes(187_000_000)).toBe('187 MB');
    expect(formatBytes(1_230_000_000)).toBe('1.23 GB');
    expect(formatBytes(5e15)).toBe('5 PB');
    expect(formatBytes(5e18)).toBe('5000 PB');
  });
  it('steps up instead of showing 1000 of a unit', () => {
    expect(formatBytes(999_960)).toBe('1 MB');
  });
  it('shows a dash for nonsense', () => {
    expect(formatBytes(-1)).toBe('—');
    expect(formatBytes(Number.NaN)).toBe('—');
  });
});
