// Which pages the visible rows need. The table asks only for these, and only when scrolling
// stops, so dragging through 100,000 rows fetches one or two pages, not every page passed.

/** Pages (by index) covering rows first..last inclusive, clamped to the list. */
export function pagesForRange(first: number, last: number, pageSize: number, total: number | null): number[] {
  // Nothing known yet, or an empty list: the first page is what tells us the (new) total.
  if (total === null || total <= 0) return [0];
  const lo = Math.max(0, Math.min(first, last, total - 1));
  const hi = Math.min(total - 1, Math.max(first, last));
  const pages: number[] = [];
  for (let page = Math.floor(lo / pageSize); page <= Math.floor(hi / pageSize); page++) pages.push(page);
  return pages;
}

/** The offset/limit of one page. */
export function pageWindow(page: number, pageSize: number): { offset: number; limit: number } {
  return { offset: page * pageSize, limit: pageSize };
}
