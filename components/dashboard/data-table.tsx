import type { ReactNode } from 'react';

export interface Column<R> {
  key: string;
  header: ReactNode;
  cell: (row: R) => ReactNode;
  /** Right-aligned, tabular figures. */
  numeric?: boolean;
  /** The cell names its row: rendered as <th scope="row">. */
  rowHeader?: boolean;
}

/** An accessible table (caption, scoped headers): every chart's data, readable without the chart. */
export function DataTable<R>({
  caption,
  columns,
  rows,
  rowKey,
  testId,
  empty = 'Nothing yet.',
  captionHidden = false,
}: {
  caption: string;
  columns: Column<R>[];
  rows: readonly R[];
  rowKey: (row: R) => string;
  testId?: string;
  empty?: string;
  captionHidden?: boolean;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <caption className={captionHidden ? 'sr-only' : 'mb-2 text-left text-xs text-slate-400'}>{caption}</caption>
        <thead className="text-left text-xs uppercase tracking-wide text-slate-400">
          <tr>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`px-2 py-1.5 font-medium ${c.numeric ? 'text-right' : ''}`}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="px-2 py-3 text-slate-500">
                {empty}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr key={rowKey(r)} className="border-t border-slate-800">
              {columns.map((c) => {
                const className = `px-2 py-1.5 ${c.numeric ? 'text-right tabular-nums' : ''}`;
                return c.rowHeader ? (
                  <th key={c.key} scope="row" className={`${className} text-left font-medium text-slate-200`}>
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.key} className={className} data-column={c.key}>
                    {c.cell(r)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
