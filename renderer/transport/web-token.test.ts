import { describe, expect, it } from 'vitest';
import { TOKEN_STORAGE_KEY, takeToken } from './web-token';

function storage(initial: Record<string, string> = {}) {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
}

describe('takeToken', () => {
  it('takes the token out of the address bar and keeps it for reloads', () => {
    const s = storage();
    const urls: string[] = [];
    const token = takeToken({ pathname: '/', search: '?token=t0k', hash: '#/trail' }, s, { replaceState: (_d, _u, url) => void urls.push(String(url)) });
    expect(token).toBe('t0k');
    expect(urls).toEqual(['/#/trail']);
    expect(s.map.get(TOKEN_STORAGE_KEY)).toBe('t0k');
  });

  it('keeps other query parameters', () => {
    const urls: string[] = [];
    takeToken({ pathname: '/ui/', search: '?a=1&token=x&b=2', hash: '' }, storage(), { replaceState: (_d, _u, url) => void urls.push(String(url)) });
    expect(urls).toEqual(['/ui/?a=1&b=2']);
  });

  it('falls back to sessionStorage, then to nothing (cookie only)', () => {
    expect(takeToken({ pathname: '/', search: '', hash: '' }, storage({ [TOKEN_STORAGE_KEY]: 'old' }), null)).toBe('old');
    expect(takeToken({ pathname: '/', search: '', hash: '' }, storage(), null)).toBeNull();
    expect(takeToken({ pathname: '/', search: '', hash: '' }, null, null)).toBeNull();
  });

  it('survives a storage that throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(takeToken({ pathname: '/', search: '?token=z', hash: '' }, broken, null)).toBe('z');
    expect(takeToken({ pathname: '/', search: '', hash: '' }, broken, null)).toBeNull();
  });
});
