// A table over a server-side list of any length: it asks for windows of rows (offset/limit,
// sort, filter) as the user scrolls, keeps fetched pages, and puts only the visible rows in the
// DOM. Requests go out when scrolling stops, so a fling through 100,000 rows costs one page.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useReducer, useRef, useState, type CSSProperties, type ReactNode } from 'react';
import type { Page, PageQuery } from '../../../shared/model/paging';
import { ErrorMessage } from '../ErrorMessage';
import type { Column } from './column';
import { PageCache } from './page-cache';
import { pagesForRange, pageWindow } from './row-window';
import { nextSort, type SortState } from './sort-cycle';
import { useDebouncedValue } from './use-debounced-value';
import './data-table.css';

export interface DataTableProps<T, F extends string> {
  /** Used in data-testid="table-<name>" and for labels. */
  name: string;
  label?: string;
  columns: Column<T, F>[];
  fetchPage: (query: PageQuery<F>) => Promise<Page<T>>;
  rowKey: (row: T) => string;
  defaultSort?: SortState<F>;
  /** Change it when the data changed on the server: visible pages are fetched again, rows stay meanwhile. */
  version?: number | string;
  /** Change it when a filter outside the table changed (e.g. an outcome picker): the cache starts over. */
  queryKey?: string;
  pageSize?: number;
  rowHeight?: number;
  filterPlaceholder?: string;
  /** Controls shown beside the filter box. */
  toolbar?: ReactNode;
  emptyText?: string;
  filterDebounceMs?: number;
}

const HEADER_HEIGHT = 36;
const OVERSCAN = 8;

export function DataTable<T, F extends string>(props: DataTableProps<T, F>) {
  const { name, columns, rowKey, defaultSort, pageSize = 100, rowHeight = 34, filterDebounceMs = 300 } = props;
  const [sort, setSort] = useState<SortState<F> | undefined>(defaultSort);
  const [filterText, setFilterText] = useState('');
  const filter = useDebouncedValue(filterText.trim(), filterDebounceMs);
  const [cache] = useState(() => new PageCache<T>(pageSize));
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const [error, setError] = useState<unknown>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const fetchRef = useRef(props.fetchPage);
  fetchRef.current = props.fetchPage;

  // A different query (sort, filter, outside filter): start over at the top.
  const queryKey = `${sort?.field ?? ''}:${sort?.direction ?? ''}:${filter}:${props.queryKey ?? ''}`;
  const firstQuery = useRef(true);
  useEffect(() => {
    if (firstQuery.current) {
      firstQuery.current = false;
      return;
    }
    cache.clear();
    setError(null);
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
    rerender();
  }, [queryKey, cache]);

  // Same query, new data on the server: refetch what is shown, keep old rows until then.
  const firstVersion = useRef(true);
  useEffect(() => {
    if (firstVersion.current) {
      firstVersion.current = false;
      return;
    }
    cache.invalidate();
    rerender();
  }, [props.version, cache]);

  const total = cache.total ?? 0;
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items[items.length - 1]?.index ?? 0;
  const scrolling = virtualizer.isScrolling;
  const visiblePages = pagesForRange(firstIndex, lastIndex, pageSize, cache.total);
  cache.touch(visiblePages);

  const load = useCallback(
    (page: number) => {
      const generation = cache.begin(page);
      const query: PageQuery<F> = { ...pageWindow(page, pageSize), sort, filter: filter || undefined };
      fetchRef.current(query).then(
        (result) => {
          if (cache.store(page, result.rows, result.total, generation)) {
            setError(null);
            rerender();
          }
        },
        (reason: unknown) => {
          if (cache.fail(page, generation)) {
            setError(reason);
            rerender();
          }
        },
      );
    },
    [cache, pageSize, sort, filter],
  );

  const pagesKey = visiblePages.join(',');
  const generation = cache.generation;
  useEffect(() => {
    if (scrolling) return;
    // Read the cache now, not the render's view of it: a query change just cleared it.
    const wanted = cache.total === null ? [0] : pagesKey ? pagesKey.split(',').map(Number) : [];
    for (const page of cache.missing(wanted)) load(page);
  }, [scrolling, pagesKey, generation, load, cache]);

  const retry = () => {
    setError(null);
    cache.invalidate();
    rerender();
  };

  const gridStyle = {
    '--dt-columns': columns.map((c) => c.width).join(' '),
    '--dt-min-width': `${columns.reduce((sum, c) => sum + c.minWidth, 0)}px`,
    '--dt-row-height': `${rowHeight}px`,
    '--dt-header-height': `${HEADER_HEIGHT}px`,
  } as CSSProperties;

  const known = cache.total !== null;
  const loading = cache.isLoading();

  return (
    <section className="dt" data-testid={`table-${name}`} aria-label={props.label ?? name} style={gridStyle}>
      <div className="dt-toolbar">
        <input
          type="search"
          className="dt-filter"
          placeholder={props.filterPlaceholder ?? 'Filter'}
          value={filterText}
          onChange={(event) => setFilterText(event.target.value)}
          aria-label={`Filter ${props.label ?? name}`}
          data-testid={`table-${name}-filter`}
          maxLength={500}
        />
        {props.toolbar}
        <span className="dt-spacer" />
        <span className={loading ? 'dt-loading dt-loading--on' : 'dt-loading'} aria-hidden={!loading}>
          Loading…
        </span>
        <span className="dt-total" data-testid={`table-${name}-total`}>
          {known ? `${total.toLocaleString()} ${total === 1 ? 'row' : 'rows'}` : '…'}
        </span>
      </div>
      {error ? <ErrorMessage error={error} onRetry={retry} compact /> : null}
      <div className="dt-scroll" ref={scrollRef} role="table" aria-rowcount={total + 1} data-testid={`table-${name}-scroll`}>
        <div className="dt-header" role="row" aria-rowindex={1}>
          {columns.map((column) => (
            <HeaderCell key={column.id} column={column} sort={sort} onSort={(field) => setSort((s) => nextSort(s, field, defaultSort))} />
          ))}
        </div>
        <div className="dt-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = cache.row(item.index);
            const top = item.start - HEADER_HEIGHT;
            if (row === undefined) {
              return (
                <div key={item.index} className="dt-row dt-row--placeholder" role="row" aria-rowindex={item.index + 2} data-testid="row-placeholder" style={{ transform: `translateY(${top}px)` }}>
                  <div className="dt-cell dt-cell--placeholder" role="cell" />
                </div>
              );
            }
            return (
              <div
                // By position, not by row id: while the list changes, one id can sit in two fetched pages.
                key={item.index}
                className={item.index % 2 ? 'dt-row dt-row--odd' : 'dt-row'}
                role="row"
                aria-rowindex={item.index + 2}
                data-testid="row"
                data-row-key={rowKey(row)}
                style={{ transform: `translateY(${top}px)` }}
              >
                {columns.map((column) => (
                  <div key={column.id} role="cell" className={column.align === 'end' ? 'dt-cell dt-cell--end' : 'dt-cell'} title={column.title?.(row)}>
                    {column.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
        {known && total === 0 && !error ? (
          <div className="dt-empty" data-testid={`table-${name}-empty`}>
            {filter ? `Nothing matches “${filter}”.` : (props.emptyText ?? 'Nothing here yet.')}
          </div>
        ) : null}
      </div>
    </section>
  );
}

function HeaderCell<T, F extends string>({ column, sort, onSort }: { column: Column<T, F>; sort: SortState<F> | undefined; onSort: (field: F) => void }) {
  const field = column.sortField;
  const active = field !== undefined && sort?.field === field;
  const ariaSort = active ? (sort?.direction === 'asc' ? 'ascending' : 'descending') : 'none';
  const className = column.align === 'end' ? 'dt-head dt-cell--end' : 'dt-head';
  if (field === undefined) {
    return (
      <div role="columnheader" className={className}>
        {column.header}
      </div>
    );
  }
  return (
    <div role="columnheader" className={className} aria-sort={ariaSort}>
      <button type="button" className="dt-sort" onClick={() => onSort(field)} data-testid={`sort-${column.id}`}>
        {column.header}
        <span className="dt-sort-mark" aria-hidden="true">
          {active ? (sort?.direction === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </div>
  );
}
