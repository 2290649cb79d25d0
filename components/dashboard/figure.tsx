import type { ReactNode } from 'react';

/**
 * A chart with its data table: the chart for the eye, the table (a disclosure under it) for
 * screen readers, keyboard users, copying numbers and tests.
 */
export function Figure({
  title,
  description,
  table,
  children,
  testId,
  tableOpen = false,
  interactive = false,
}: {
  title: string;
  description?: ReactNode;
  table: ReactNode;
  children: ReactNode;
  testId?: string;
  tableOpen?: boolean;
  /** The chart has controls of its own: it is not wrapped as one image. */
  interactive?: boolean;
}) {
  return (
    <figure className="rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid={testId}>
      <figcaption className="mb-3">
        <h3 className="font-medium text-slate-100">{title}</h3>
        {description && <p className="mt-0.5 text-xs text-slate-400">{description}</p>}
      </figcaption>
      {interactive ? (
        children
      ) : (
        <div role="img" aria-label={`${title}: chart; its data is in the table below.`}>
          {children}
        </div>
      )}
      <details className="mt-3 group" open={tableOpen}>
        <summary className="cursor-pointer select-none text-xs text-sky-300 hover:text-sky-200">Show as table</summary>
        <div className="mt-2">{table}</div>
      </details>
    </figure>
  );
}

/** A titled page section with an anchor for the in-page navigation. */
export function Section({
  id,
  title,
  description,
  children,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section aria-labelledby={`${id}-title`} id={id} className="scroll-mt-4 space-y-3">
      <div>
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-100">
          {title}
        </h2>
        {description && <p className="text-sm text-slate-400">{description}</p>}
      </div>
      {children}
    </section>
  );
}
