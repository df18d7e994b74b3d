import { describe, expect, it } from 'vitest';
import { PageCache } from './page-cache';
import { pagesForRange, pageWindow } from './row-window';
import { nextSort } from './sort-cycle';

const rows = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

describe('PageCache', () => {
  it('stores pages and finds rows by absolute index', () => {
    const cache = new PageCache<number>(100);
    expect(cache.total).toBeNull();
    const generation = cache.begin(3);
    expect(cache.missing([2, 3])).toEqual([2]); // 3 is in flight
    expect(cache.store(3, rows(300, 100), 100_000, generation)).toBe(true);
    expect(cache.total).toBe(100_000);
    expect(cache.row(300)).toBe(300);
    expect(cache.row(399)).toBe(399);
    expect(cache.row(400)).toBeUndefined();
    expect(cache.missing([3, 4])).toEqual([4]);
  });

  it('drops replies from an older generation', () => {
    const cache = new PageCache<number>(10);
    const old = cache.begin(0);
    cache.clear(); // the user typed a filter
    const fresh = cache.begin(0);
    expect(cache.store(0, [999], 1, old)).toBe(false);
    expect(cache.row(0)).toBeUndefined();
    expect(cache.store(0, [1, 2], 2, fresh)).toBe(true);
    expect(cache.row(0)).toBe(1);
    expect(cache.fail(0, old)).toBe(false);
  });

  it('keeps stale rows visible after invalidate, but asks for them again', () => {
    const cache = new PageCache<string>(2);
    cache.store(0, ['a', 'b'], 4, cache.begin(0));
    cache.invalidate();
    expect(cache.row(1)).toBe('b');
    expect(cache.isStale(1)).toBe(true);
    expect(cache.missing([0])).toEqual([0]);
    cache.store(0, ['A', 'B'], 2, cache.begin(0));
    expect(cache.row(0)).toBe('A');
    expect(cache.isStale(0)).toBe(false);
  });

  it('forgets pages beyond a shrunken total', () => {
    const cache = new PageCache<number>(10);
    cache.store(5, rows(50, 10), 100, cache.begin(5));
    cache.invalidate();
    cache.store(0, rows(0, 10), 12, cache.begin(0));
    expect(cache.row(55)).toBeUndefined();
    expect(cache.size).toBe(1);
  });

  it('keeps the empty first page of an empty list, so it is not asked for again and again', () => {
    const cache = new PageCache<number>(10);
    cache.store(0, [], 0, cache.begin(0));
    expect(cache.total).toBe(0);
    expect(cache.missing(pagesForRange(0, 0, 10, cache.total))).toEqual([]);
    cache.invalidate(); // Docker said something changed
    expect(cache.missing(pagesForRange(0, 0, 10, cache.total))).toEqual([0]);
  });

  it('does not retry a failed page until invalidated', () => {
    const cache = new PageCache<number>(10);
    cache.fail(0, cache.begin(0));
    expect(cache.missing([0])).toEqual([]);
    cache.invalidate();
    expect(cache.missing([0])).toEqual([0]);
  });

  it('evicts the least recently shown pages beyond its limit', () => {
    const cache = new PageCache<number>(10, 3);
    for (const page of [0, 1, 2]) cache.store(page, rows(page * 10, 10), 1000, cache.begin(page));
    cache.touch([0]);
    cache.store(3, rows(30, 10), 1000, cache.begin(3));
    expect(cache.size).toBe(3);
    expect(cache.row(0)).toBe(0); // touched, kept
    expect(cache.row(10)).toBeUndefined(); // least recently used, gone
  });

  it('holds at most maxPages of a 100,000-row list however far the user scrolls', () => {
    const cache = new PageCache<number>(100, 20);
    for (let page = 0; page < 1000; page += 7) cache.store(page, rows(page * 100, 100), 100_000, cache.begin(page));
    expect(cache.size).toBe(20);
  });
});

describe('pagesForRange', () => {
  it('asks for the first page while the total is unknown', () => {
    expect(pagesForRange(0, 40, 100, null)).toEqual([0]);
  });
  it('covers the visible rows with one page, or two across a boundary', () => {
    expect(pagesForRange(0, 39, 100, 100_000)).toEqual([0]);
    expect(pagesForRange(50_010, 50_049, 100, 100_000)).toEqual([500]);
    expect(pagesForRange(50_080, 50_119, 100, 100_000)).toEqual([500, 501]);
  });
  it('clamps to the end of the list', () => {
    expect(pagesForRange(99_990, 100_030, 100, 100_000)).toEqual([999]);
    expect(pagesForRange(0, 40, 100, 0)).toEqual([0]); // an empty list is asked again on refresh
    expect(pagesForRange(300, 340, 100, 120)).toEqual([1]);
  });
  it('gives the offset and limit of a page', () => {
    expect(pageWindow(501, 100)).toEqual({ offset: 50_100, limit: 100 });
  });
});

describe('nextSort', () => {
  const fallback = { field: 'created', direction: 'desc' } as const;
  it('cycles asc, desc, default', () => {
    const a = nextSort(fallback, 'size', fallback);
    expect(a).toEqual({ field: 'size', direction: 'asc' });
    const b = nextSort(a, 'size', fallback);
    expect(b).toEqual({ field: 'size', direction: 'desc' });
    expect(nextSort(b, 'size', fallback)).toEqual(fallback);
    expect(nextSort(b, 'size', undefined)).toBeUndefined();
  });
  it('flips the default column instead of getting stuck on it', () => {
    expect(nextSort({ field: 'created', direction: 'asc' }, 'created', fallback)).toEqual({ field: 'created', direction: 'desc' });
    expect(nextSort(fallback, 'created', fallback)).toEqual({ field: 'created', direction: 'asc' });
  });
});
