// The rows a DataTable has fetched, kept by page. One cache holds one query (sort + filter);
// a new query clears it. A refresh (the data changed on the server) only marks pages stale so
// the old rows stay on screen until their replacement arrives. Answers that belong to an older
// generation are dropped, so a slow reply can never overwrite a newer query's rows.
interface CachedPage<T> {
  rows: T[];
  stale: boolean;
  usedAt: number;
}

export class PageCache<T> {
  private pages = new Map<number, CachedPage<T>>();
  private loading = new Set<number>();
  private failed = new Set<number>();
  private clock = 0;
  private currentGeneration = 0;
  private knownTotal: number | null = null;

  constructor(
    readonly pageSize: number,
    /** Pages kept at most; the least recently shown go first (100 × 100 rows by default). */
    readonly maxPages = 100,
  ) {
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new Error('pageSize must be a positive integer');
  }

  /** Changes whenever the cache is cleared or invalidated; requests carry it and replies are checked against it. */
  get generation(): number {
    return this.currentGeneration;
  }

  /** Rows the server has for the current query, or null before the first answer. */
  get total(): number | null {
    return this.knownTotal;
  }

  pageOf(index: number): number {
    return Math.floor(index / this.pageSize);
  }

  /** The row at an absolute index, possibly from a stale page; undefined when not fetched. */
  row(index: number): T | undefined {
    const page = this.pages.get(this.pageOf(index));
    return page?.rows[index - this.pageOf(index) * this.pageSize];
  }

  isStale(index: number): boolean {
    return this.pages.get(this.pageOf(index))?.stale ?? false;
  }

  isLoading(): boolean {
    return this.loading.size > 0;
  }

  /** Of the given pages, those that need a request now (not fresh, not in flight, not failed). */
  missing(pages: readonly number[]): number[] {
    return pages.filter((page) => {
      const cached = this.pages.get(page);
      return (!cached || cached.stale) && !this.loading.has(page) && !this.failed.has(page);
    });
  }

  /** Records that a page was requested; returns the generation to hand back with the reply. */
  begin(page: number): number {
    this.loading.add(page);
    return this.currentGeneration;
  }

  /** Stores a page; false when the reply belongs to an older generation and was dropped. */
  store(page: number, rows: T[], total: number, generation: number): boolean {
    if (generation !== this.currentGeneration) return false;
    this.loading.delete(page);
    this.failed.delete(page);
    this.knownTotal = total;
    this.pages.set(page, { rows, stale: false, usedAt: ++this.clock });
    // Pages beyond the new end are no longer part of the list (page 0 stays: it says "empty").
    const lastPage = Math.max(0, this.pageOf(total - 1));
    for (const key of this.pages.keys()) if (key > lastPage) this.pages.delete(key);
    this.evict();
    return true;
  }

  /** A request failed; false when it belonged to an older generation. The page is not retried until invalidate(). */
  fail(page: number, generation: number): boolean {
    if (generation !== this.currentGeneration) return false;
    this.loading.delete(page);
    this.failed.add(page);
    return true;
  }

  /** Marks pages as shown now, so eviction keeps them. */
  touch(pages: readonly number[]): void {
    for (const page of pages) {
      const cached = this.pages.get(page);
      if (cached) cached.usedAt = ++this.clock;
    }
  }

  /** The data changed on the server: keep showing what we have, but fetch again. */
  invalidate(): void {
    this.currentGeneration += 1;
    this.loading.clear();
    this.failed.clear();
    for (const page of this.pages.values()) page.stale = true;
  }

  /** A different query: nothing cached applies any more. */
  clear(): void {
    this.currentGeneration += 1;
    this.loading.clear();
    this.failed.clear();
    this.pages.clear();
    this.knownTotal = null;
  }

  get size(): number {
    return this.pages.size;
  }

  private evict(): void {
    if (this.pages.size <= this.maxPages) return;
    const oldest = [...this.pages.entries()].sort((a, b) => a[1].usedAt - b[1].usedAt);
    for (const [page] of oldest.slice(0, this.pages.size - this.maxPages)) this.pages.delete(page);
  }
}
