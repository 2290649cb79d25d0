import { modelName } from '@/lib/models/model-name';
import Link from 'next/link';
import { confusionCellHref } from '@/lib/dashboard/queries';
import type { ActiveEvaluation } from '@/lib/dashboard/evaluation';

/**
 * The active version's confusion matrix as a table (rows: reference label, columns: predicted
 * label); each count links to the scans behind it. Shading is the share of the row.
 */
export function ConfusionMatrix({ slug, evaluation }: { slug: string; evaluation: ActiveEvaluation }) {
  const { labels, confusionMatrix: m } = evaluation;
  return (
    <div className="overflow-x-auto">
      <table className="text-sm" data-testid="confusion-matrix">
        <caption className="mb-2 text-left text-xs text-slate-400">
          {modelName(evaluation)}, {evaluation.split} split ({evaluation.count} scans). Rows: reference label; columns:
          predicted label. Select a count to see its scans.
        </caption>
        <thead>
          <tr>
            <td className="px-2 py-1 text-xs text-slate-500">reference ↓ / predicted →</td>
            {labels.map((l) => (
              <th key={l} scope="col" className="px-3 py-1 text-xs font-medium text-slate-300">
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {labels.map((t, i) => {
            const rowTotal = m[i].reduce((a, b) => a + b, 0);
            return (
              <tr key={t}>
                <th scope="row" className="px-2 py-1 text-right text-xs font-medium text-slate-300">
                  {t}
                </th>
                {labels.map((p, j) => {
                  const share = rowTotal ? m[i][j] / rowTotal : 0;
                  const tone = i === j ? '14 165 233' : '244 63 94';
                  return (
                    <td key={p} className="p-0.5" data-true={t} data-pred={p}>
                      <Link
                        href={confusionCellHref(slug, { version: evaluation.versionId, true: t, pred: p })}
                        aria-label={`${m[i][j]} scans with reference ${t} predicted ${p}`}
                        className="block min-w-16 rounded px-3 py-2 text-center font-semibold tabular-nums text-slate-100 outline-offset-0 hover:ring-2 hover:ring-sky-400"
                        style={{ backgroundColor: `rgb(${tone} / ${(0.12 + share * 0.6).toFixed(2)})` }}
                      >
                        {m[i][j]}
                      </Link>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
