import { describe, expect, it } from 'vitest';
import { nextDailyRun } from './daily-schedule';

describe('nextDailyRun', () => {
  it('runs later today when the hour is still ahead, else tomorrow, at the local hour', () => {
    const morning = new Date(2026, 10, 25, 1, 30);
    expect(nextDailyRun(morning, 3)).toEqual(new Date(2026, 10, 25, 3, 0, 0, 0));
    const noon = new Date(2026, 10, 25, 12, 0);
    expect(nextDailyRun(noon, 3)).toEqual(new Date(2026, 10, 26, 3, 0, 0, 0));
    expect(nextDailyRun(new Date(2026, 10, 25, 3, 0), 3)).toEqual(new Date(2026, 10, 26, 3, 0, 0, 0));
    expect(nextDailyRun(new Date(2026, 11, 31, 23, 0), 0)).toEqual(new Date(2027, 0, 1, 0, 0, 0, 0));
  });
});
