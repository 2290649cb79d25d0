import type { ReactNode } from 'react';

/** The agreement pages' table: a titled card, a one-line explanation, header cells. */
export function StatTable(props: {
  title: string;
  help?: ReactNode;
  headers: string[];
  children: ReactNode;
  testId?: string;
  empty?: string;
}) {
  const { title, help, headers, children, testId, empty } = props;
  return (
    <section className="rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid={testId}>
      <h2 className="font-medium">{title}</h2>
      {help && <p className="mt-1 text-xs text-slate-400">{help}</p>}
      {empty ? (
        <p className="mt-3 text-sm text-slate-400 italic">{empty}</p>
      ) : (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full text-sm">
            <thead className="text-left text-slate-400">
              <tr>
                {headers.map((h) => (
                  <th key={h} scope="col" className="py-1 pr-4 font-normal">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="[&>tr]:border-t [&>tr]:border-slate-800 [&_td]:py-1 [&_td]:pr-4">{children}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}
