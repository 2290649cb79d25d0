import { modelKindName } from '@/lib/models/model-name';
import Link from 'next/link';
import type { ActiveEvaluation } from '@/lib/dashboard/evaluation';
import { formatRatio } from '@/lib/dashboard/format';
import type { KindHeadline } from '@/lib/dashboard/headline';
import type { RocCurve } from '@/lib/dashboard/roc';
import { ConfusionMatrix } from './confusion-matrix';
import { DataTable } from './data-table';
import { Figure, Section } from './figure';
import { RocChart } from './roc-chart';

type RocRow = { key: string; label: string; fpr: number; tpr: number; auc: number | null };

/** The active version of one kind in detail: confusion matrix (cells link to their scans) and ROC. */
export function EvaluationSection({
  slug,
  evaluation,
  headlines,
}: {
  slug: string;
  evaluation: ActiveEvaluation | null;
  headlines: KindHeadline[];
}) {
  const kinds = headlines.filter((h) => h.current);
  return (
    <Section
      id="evaluation"
      title="Active version in detail"
      description="Where the active model errs, and its ROC curves."
    >
      {kinds.length > 1 && (
        <nav aria-label="Model kind" className="flex gap-2 text-sm">
          {kinds.map((h) => (
            <Link
              key={h.kind}
              href={`/projects/${encodeURIComponent(slug)}/dashboard?kind=${h.kind}#evaluation`}
              aria-current={evaluation?.kind === h.kind ? 'page' : undefined}
              className={`rounded px-2.5 py-1 ${evaluation?.kind === h.kind ? 'bg-sky-900 text-sky-100' : 'bg-slate-800 text-slate-300 hover:bg-slate-700'}`}
            >
              {modelKindName(h.kind)}
            </Link>
          ))}
        </nav>
      )}
      {!evaluation ? (
        <p className="rounded-lg border border-slate-800 bg-slate-900 p-4 text-sm text-slate-400">
          No active version has an evaluation yet.
        </p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="self-start rounded-lg border border-slate-800 bg-slate-900 p-4">
            <h3 className="mb-3 font-medium">Confusion matrix</h3>
            <ConfusionMatrix slug={slug} evaluation={evaluation} />
          </div>
          <Figure
            title="ROC curves (one class vs the rest)"
            description="True positive rate (y) against false positive rate (x); the dashed diagonal is chance."
            testId="roc"
            table={<RocTable curves={evaluation.roc} />}
          >
            <RocChart curves={evaluation.roc} />
          </Figure>
        </div>
      )}
    </Section>
  );
}

function RocTable({ curves }: { curves: RocCurve[] }) {
  const rows: RocRow[] = curves.flatMap((c) =>
    c.points.map((p, i) => ({ key: `${c.label}:${i}`, label: c.label, auc: c.auc, ...p })),
  );
  const thinned = curves.some((c) => c.storedPoints > c.points.length);
  return (
    <div className="space-y-3">
      <DataTable
        caption="AUC per class"
        testId="roc-auc-table"
        rows={curves}
        rowKey={(c) => c.label}
        columns={[
          { key: 'label', header: 'Class', cell: (c) => c.label, rowHeader: true },
          { key: 'auc', header: 'AUC', cell: (c) => formatRatio(c.auc), numeric: true },
          { key: 'points', header: 'Points', cell: (c) => c.storedPoints, numeric: true },
        ]}
      />
      <DataTable<RocRow>
        caption={`Operating points${thinned ? ' (evenly thinned)' : ''}`}
        rows={rows}
        rowKey={(r) => r.key}
        columns={[
          { key: 'label', header: 'Class', cell: (r) => r.label, rowHeader: true },
          { key: 'fpr', header: 'False positive rate', cell: (r) => formatRatio(r.fpr), numeric: true },
          { key: 'tpr', header: 'True positive rate', cell: (r) => formatRatio(r.tpr), numeric: true },
        ]}
      />
    </div>
  );
}
