import type { ReactNode } from 'react';

/** One column of a DataTable. */
export interface Column<T, F extends string = string> {
  id: string;
  header: string;
  /** A CSS grid track: '120px', 'minmax(200px, 2fr)'. */
  width: string;
  /** Pixels the column needs before the table scrolls sideways. */
  minWidth: number;
  /** Set when the server can sort by this column. */
  sortField?: F;
  align?: 'start' | 'end';
  render: (row: T) => ReactNode;
  /** Full text for the tooltip when the cell shortens it. */
  title?: (row: T) => string | undefined;
}
