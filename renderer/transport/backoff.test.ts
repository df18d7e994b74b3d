import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  const options = { initialMs: 500, maxMs: 15_000, jitter: 0.2 };
  it('doubles up to the cap', () => {
    const mid = () => 0.5; // no jitter
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelay(n, options, mid))).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
  });
  it('spreads by the jitter fraction and never exceeds the cap', () => {
    expect(backoffDelay(0, options, () => 0)).toBe(400);
    expect(backoffDelay(0, options, () => 1)).toBe(600);
    expect(backoffDelay(10, options, () => 1)).toBe(15000);
    expect(backoffDelay(-3, options, () => 0.5)).toBe(500);
  });
});
