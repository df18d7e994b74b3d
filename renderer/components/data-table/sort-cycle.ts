// Clicking a sortable header: ascending, then descending, then back to the table's default.
export interface SortState<F extends string = string> {
  field: F;
  direction: 'asc' | 'desc';
}

export function nextSort<F extends string>(current: SortState<F> | undefined, field: F, fallback: SortState<F> | undefined): SortState<F> | undefined {
  if (!current || current.field !== field) return { field, direction: 'asc' };
  if (current.direction === 'asc') return { field, direction: 'desc' };
  // Back to the default; when the default is this very column descending, flip to ascending instead.
  if (fallback && fallback.field === field && fallback.direction === 'desc') return { field, direction: 'asc' };
  return fallback;
}
