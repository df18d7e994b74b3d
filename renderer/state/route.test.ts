import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, routeIds } from './route';

describe('hash routes', () => {
  it('reads the page from the hash', () => {
    expect(parseHash('#/images')).toBe('images');
    expect(parseHash('#/trail?outcome=failed')).toBe('trail');
    expect(parseHash('#/Settings/')).toBe('settings');
    expect(parseHash('#images')).toBe('images');
  });
  it('falls back to the dashboard', () => {
    expect(parseHash('')).toBe('dashboard');
    expect(parseHash('#/')).toBe('dashboard');
    expect(parseHash('#/nope')).toBe('dashboard');
    expect(parseHash('#/__proto__')).toBe('dashboard');
  });
  it('round-trips every route', () => {
    for (const id of routeIds) expect(parseHash(hrefFor(id))).toBe(id);
  });
});
