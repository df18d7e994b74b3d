// Server-side paging, sorting and filtering: every list the UI shows goes through this,
// so a table of 100,000 rows only ever moves one page over the transport.
import { z } from 'zod';

export const MAX_PAGE_SIZE = 1000;

export function pageRequest<F extends readonly [string, ...string[]]>(sortFields: F) {
  return z.object({
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).default(100),
    sort: z
      .object({ field: z.enum(sortFields), direction: z.enum(['asc', 'desc']).default('asc') })
      .optional(),
    /** Free text, matched case-insensitively against the list's text columns. */
    filter: z.string().max(500).optional(),
  });
}

export function pageResult<T extends z.ZodType>(row: T) {
  return z.object({ rows: z.array(row), total: z.number().int().min(0) });
}

export interface Page<T> {
  rows: T[];
  total: number;
}

export interface PageQuery<F extends string = string> {
  offset: number;
  limit: number;
  sort?: { field: F; direction: 'asc' | 'desc' } | undefined;
  filter?: string | undefined;
}

/** Page an in-memory list (for sources such as the Docker engine that have no SQL behind them). */
export function pageInMemory<T, F extends string>(
  items: readonly T[],
  query: PageQuery<F>,
  options: { text: (item: T) => string; sortKey: (item: T, field: F) => string | number },
): Page<T> {
  const needle = query.filter?.trim().toLowerCase();
  const filtered = needle ? items.filter((item) => options.text(item).toLowerCase().includes(needle)) : [...items];
  const sort = query.sort;
  if (sort) {
    const sign = sort.direction === 'desc' ? -1 : 1;
    filtered.sort((a, b) => {
      const ka = options.sortKey(a, sort.field);
      const kb = options.sortKey(b, sort.field);
      return ka < kb ? -sign : ka > kb ? sign : 0;
    });
  }
  return { rows: filtered.slice(query.offset, query.offset + query.limit), total: filtered.length };
}
