import { modelKindName } from '@/lib/models/model-name';
import type { ComparisonRow } from '@/lib/dashboard/comparison';
import { formatDurationMs, formatRatio } from '@/lib/dashboard/format';
import type { KindHeadline } from '@/lib/dashboard/headline';
import type { KindSeries, VersionPoint } from '@/lib/dashboard/model-series';
import { DataTable, type Column } from './data-table';
import { Figure, Section } from './figure';
import { HeadlineCards } from './headline-cards';
import { MetricTrendChart } from './metric-trend-chart';

const ratio = (
  key: keyof VersionPoint & ('accuracy' | 'macroF1' | 'lesionSensitivity' | 'macroAuc' | 'ece'),
  header: string,
): Column<VersionPoint> => ({
  key,
  header,
  cell: (p) => formatRatio(p[key]),
  numeric: true,
});

const metricColumns = [
  ratio('accuracy', 'Accuracy'),
  ratio('macroF1', 'Macro F1'),
  ratio('lesionSensitivity', 'Lesion sens.'),
  ratio('macroAuc', 'Macro AUC'),
  ratio('ece', 'ECE'),
];

/** Are the models getting better? Headline per kind, the kinds side by side, and each kind's versions. */
export function ModelQualitySection({
  headlines,
  comparison,
  series,
}: {
  headlines: KindHeadline[];
  comparison: ComparisonRow[];
  series: KindSeries[];
}) {
  return (
    <Section
      id="models"
      title="Models"
      description="Held-out evaluation (test split when there is one, else validation). ECE after temperature scaling."
    >
      <HeadlineCards headlines={headlines} />
      <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
        <DataTable<ComparisonRow>
          caption="CNN vs scratch ResNet vs ResNet50: each kind's active version (else its newest with metrics)"
          testId="model-comparison"
          rows={comparison}
          rowKey={(r) => r.kind}
          empty="No model has been trained yet."
          columns={[
            { key: 'kind', header: 'Model', cell: (r) => modelKindName(r.kind), rowHeader: true },
            { key: 'version', header: 'Version', cell: (r) => `v${r.version}${r.active ? ' (active)' : ''}` },
            { key: 'backend', header: 'Backend', cell: (r) => r.backend },
            { key: 'labels', header: 'Labels', cell: (r) => r.labelCount, numeric: true },
            { key: 'time', header: 'Training time', cell: (r) => formatDurationMs(r.trainingTimeMs), numeric: true },
            ...metricColumns,
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
                  ...metricColumns,
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
