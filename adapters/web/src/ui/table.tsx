// A data table: a caption for screen readers, sortable headers as buttons (keyboard operable,
// aria-sort), and a horizontal scroll container so narrow screens keep every column reachable.
import type { ComponentChildren } from 'preact';

export interface Column<T> {
  key: string;
  label: string;
  render(row: T): ComponentChildren;
  /** Present when the column can be sorted. */
  sortKey?: string;
  align?: 'left' | 'right';
}

export interface SortState {
  key: string;
  dir: 'asc' | 'desc';
}

export function Table<T>(props: {
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey(row: T): string;
  sort?: SortState;
  onSort?(next: SortState): void;
  testId?: string;
}) {
  const { caption, columns, rows, rowKey, sort, onSort } = props;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={caption}>
      <table data-testid={props.testId}>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort && c.sortKey === sort.key;
              const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th
                  scope="col"
                  key={c.key}
                  aria-sort={ariaSort}
                  class={c.align === 'right' ? 'num' : undefined}
                >
                  {c.sortKey && onSort ? (
                    <button
                      type="button"
                      class="sort"
                      onClick={() =>
                        onSort({
                          key: c.sortKey!,
                          dir: active && sort.dir === 'asc' ? 'desc' : 'asc',
                        })
                      }
                    >
                      {c.label}
                      <span aria-hidden="true">{active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.key} class={c.align === 'right' ? 'num' : undefined}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
