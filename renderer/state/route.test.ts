import { describe, expect, it } from 'vitest';
import { hrefFor, parseHash, queryList, routeIds, routeParam, routeQuery } from './route';

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

describe('route parameters and queries', () => {
  it('encodes an image id with a colon and reads it back', () => {
    const href = hrefFor('images', 'sha256:abc/def');
    expect(href).toBe('#/images/sha256%3Aabc%2Fdef');
    expect(parseHash(href)).toBe('images');
    expect(routeParam(href)).toBe('sha256:abc/def');
    expect(routeParam('#/images')).toBeNull();
    expect(routeParam('#/images/')).toBeNull();
    expect(routeParam('#/images/%E0%A4%A')).toBe('%E0%A4%A');
  });
  it('reads lists from the query, keeping only known values', () => {
    const href = hrefFor('vulnerabilities', null, { severity: ['critical', 'high'], image: 'sha256:1', empty: '' });
    expect(href).toBe('#/vulnerabilities?severity=critical%2Chigh&image=sha256%3A1');
    expect(parseHash(href)).toBe('vulnerabilities');
    const query = routeQuery(href);
    expect(queryList(query, 'severity', ['critical', 'high', 'low'] as const)).toEqual(['critical', 'high']);
    expect(queryList(routeQuery('#/vulnerabilities?severity=bogus,low'), 'severity', ['low'] as const)).toEqual(['low']);
    expect(query.get('image')).toBe('sha256:1');
    expect(routeParam(href)).toBeNull();
  });
});
