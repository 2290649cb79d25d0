import { modelKindName } from '@/lib/models/model-name';
import type { BaselineRow, ComparisonRow } from '@/lib/dashboard/comparison';
import { baselineName } from '@/lib/registry/job-baseline';
import { formatDurationMs, formatRatio, formatUtc } from '@/lib/dashboard/format';
import type { KindHeadline } from '@/lib/dashboard/headline';
import type { KindSeries, VersionPoint } from '@/lib/dashboard/model-series';
import { DataTable, type Column } from './data-table';
import { Figure, Section } from './figure';
import { HeadlineCards } from './headline-cards';
import { MetricTrendChart } from './metric-trend-chart';

type RatioKey = keyof VersionPoint & ('accuracy' | 'macroF1' | 'lesionSensitivity' | 'macroAuc' | 'ece');

const ratio = <R extends Record<RatioKey, number | null>>(key: RatioKey, header: string): Column<R> => ({
  key,
  header,
  cell: (p) => formatRatio(p[key]),
  numeric: true,
});

const metricColumns = <R extends Record<RatioKey, number | null>>(): Column<R>[] => [
  ratio('accuracy', 'Accuracy'),
  ratio('macroF1', 'Macro F1'),
  ratio('lesionSensitivity', 'Lesion sens.'),
  ratio('macroAuc', 'Macro AUC'),
  ratio('ece', 'ECE'),
];

type Row = ComparisonRow | BaselineRow;

const splitName = (r: Row) =>
  r.kind === 'baseline' && r.split === 'validation' ? 'cross-fitted' : r.split === 'test' ? 'test' : 'validation';

/** Are the models getting better? Headline per kind, the kinds side by side, and each kind's versions. */
export function ModelQualitySection({
  headlines,
  comparison,
  baseline,
  series,
}: {
  headlines: KindHeadline[];
  comparison: ComparisonRow[];
  baseline: BaselineRow | null;
  series: KindSeries[];
}) {
  const rows: Row[] = baseline && comparison.length > 0 ? [...comparison, baseline] : comparison;
  return (
    <Section
      id="models"
      title="Models"
      description="Held-out evaluation (test split when there is one, else validation). ECE after temperature scaling."
    >
      <HeadlineCards headlines={headlines} />
      <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
        <DataTable<Row>
          caption="CNN vs scratch ResNet vs ResNet50: each kind's active version (else its newest with metrics), and the baseline beside them"
          testId="model-comparison"
          rows={rows}
          rowKey={(r) => r.kind}
          empty="No model has been trained yet."
          columns={[
            {
              key: 'kind',
              header: 'Model',
              cell: (r) => (r.kind === 'baseline' ? baselineName : modelKindName(r.kind)),
              rowHeader: true,
            },
            {
              key: 'version',
              header: 'Version',
              cell: (r) =>
                r.kind === 'baseline'
                  ? r.measuredAt
                    ? `job of ${formatUtc(r.measuredAt)}`
                    : 'latest job'
                  : `v${r.version}${r.active ? ' (active)' : ''}`,
            },
            { key: 'backend', header: 'Backend', cell: (r) => r.backend },
            { key: 'labels', header: 'Labels', cell: (r) => r.labelCount, numeric: true },
            { key: 'split', header: 'Scored on', cell: (r) => splitName(r) },
            { key: 'time', header: 'Training time', cell: (r) => formatDurationMs(r.trainingTimeMs), numeric: true },
            ...metricColumns<Row>(),
            {
              key: 'missed',
              header: 'Lesions called normal',
              cell: (r) => r.lesionsCalledNormal ?? '—',
              numeric: true,
            },
            { key: 'train', header: 'Train img/s', cell: (r) => formatRatio(r.trainImagesPerSecond, 1), numeric: true },
            { key: 'infer', header: 'Infer img/s', cell: (r) => formatRatio(r.inferImagesPerSecond, 1), numeric: true },
          ]}
        />
        <BaselineNote baseline={baseline} comparison={comparison} />
      </div>
      <div className="grid gap-4 xl:grid-cols-3">
        {series.map((s) => (
          <Figure
            key={s.kind}
            title={`${modelKindName(s.kind)}: metrics by labels`}
            description="Each version's metrics (y) against the labels it was trained on (x); the dashed line marks the active version."
            testId={`trend-${s.kind}`}
            table={
              <DataTable<VersionPoint>
                caption={`${modelKindName(s.kind)} versions`}
                testId={`trend-table-${s.kind}`}
                rows={s.points}
                rowKey={(p) => p.id}
                empty="No versions yet."
                columns={[
                  {
                    key: 'version',
                    header: 'Version',
                    cell: (p) => `v${p.version}${p.active ? ' (active)' : ''}`,
                    rowHeader: true,
                  },
                  { key: 'state', header: 'State', cell: (p) => p.state.toLowerCase() },
                  { key: 'labels', header: 'Labels', cell: (p) => p.labelCount, numeric: true },
                  ...metricColumns<VersionPoint>(),
                ]}
              />
            }
          >
            <MetricTrendChart points={s.points} />
          </Figure>
        ))}
      </div>
    </Section>
  );
}

/** What the baseline row means, and how far each model is above or below it. */
function BaselineNote({ baseline, comparison }: { baseline: BaselineRow | null; comparison: ComparisonRow[] }) {
  if (comparison.length === 0) return null;
  if (!baseline)
    return (
      <p className="mt-3 text-xs text-slate-400" data-testid="baseline-note">
        The baseline (a logistic regression on frozen ImageNet ResNet50 features) appears here once a training job has
        measured it.
      </p>
    );
  const gaps = comparison
    .filter((r) => r.macroF1 !== null && baseline.macroF1 !== null)
    .map((r) => ({
      kind: r.kind,
      gap: r.macroF1! - baseline.macroF1!,
      // Only the test split is the same scans for both: a model's validation scans are its own.
      sameScans: r.split === 'test' && baseline.split === 'test',
    }));
  return (
    <div className="mt-3 space-y-1 text-xs text-slate-400" data-testid="baseline-note">
      <p>
        The baseline is what a logistic regression on frozen ImageNet ResNet50 features (standardised, with an L2
        strength of {baseline.l2} chosen by inner cross-validation) scores on {baseline.evaluatedCount}{' '}
        {baseline.split === 'test'
          ? 'test scans, the same scans as the models'
          : 'training scans, each predicted by a fit that did not see it (cross-fitted), as no scan is in the test split'}
        . A model below it has not yet learnt more from your labels than pretrained features give for free.
      </p>
      {gaps.length > 0 && (
        <p>
          Macro F1 against the baseline:{' '}
          {gaps.map((g, i) => (
            <span key={g.kind}>
              {i > 0 && ' · '}
              {modelKindName(g.kind)}{' '}
              <span
                className={g.gap >= 0 ? 'text-emerald-400' : 'text-rose-400'}
                data-testid={`baseline-gap-${g.kind}`}
              >
                {g.gap >= 0 ? '+' : '−'}
                {Math.abs(g.gap).toFixed(3)}
              </span>
              {!g.sameScans && ' (scored on other scans)'}
            </span>
          ))}
        </p>
      )}
    </div>
  );
}
