import { formatPercent } from '@/lib/dashboard/format';
import { progressStatusNames, progressStatuses, type ProgressStatus } from '@/lib/dashboard/progress';
import type { ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import { DataTable } from './data-table';
import { Figure, Section } from './figure';
import { LabelProgressChart } from './label-progress-chart';
import { ReadsPerDayChart } from './reads-per-day-chart';

interface Progress {
  scans: number;
  readsPerScan: number;
  counts: Record<ProgressStatus, number>;
  suspectedErrors: number;
}

type ProgressRow = { key: string; name: string; count: number; share: number | null };

/** Where the labels stand, and who read how much each day. */
export function LabellingSection({ progress, readsPerDay }: { progress: Progress; readsPerDay: ReadsPerDayTable }) {
  const share = (n: number) => (progress.scans ? n / progress.scans : null);
  const rows: ProgressRow[] = [
    ...progressStatuses.map((s) => ({
      key: s,
      name: progressStatusNames[s],
      count: progress.counts[s],
      share: share(progress.counts[s]),
    })),
    {
      key: 'suspected-errors',
      name: 'Suspected errors (queued for review)',
      count: progress.suspectedErrors,
      share: share(progress.suspectedErrors),
    },
  ];
  return (
    <Section
      id="labels"
      title="Labels"
      description={`${progress.scans} scans; ${progress.readsPerScan} reads each before consensus.`}
    >
      <div className="grid gap-4 lg:grid-cols-2">
        <Figure
          title="Label progress"
          description="Labelled: adjudicated, or a consensus the models train on. Suspected errors overlap the other states."
          testId="label-progress"
          table={
            <DataTable<ProgressRow>
              caption={`Label progress of ${progress.scans} scans`}
              testId="label-progress-table"
              rows={rows}
              rowKey={(r) => r.key}
              columns={[
                { key: 'status', header: 'State', cell: (r) => r.name, rowHeader: true },
                { key: 'count', header: 'Scans', cell: (r) => r.count, numeric: true },
                { key: 'share', header: 'Share', cell: (r) => formatPercent(r.share), numeric: true },
              ]}
            />
          }
        >
          <LabelProgressChart counts={progress.counts} suspectedErrors={progress.suspectedErrors} />
        </Figure>
        <Figure
          title="Reads per annotator per day"
          description="Distinct scans each reader labelled, corrected or confirmed that day (UTC), last 30 days."
          testId="reads-per-day"
          table={
            <DataTable<ReadsPerDayTable['days'][number]>
              caption="Reads per annotator per day"
              testId="reads-per-day-table"
              rows={readsPerDay.days}
              rowKey={(d) => d.day}
              empty="No reads in the last 30 days."
              columns={[
                { key: 'day', header: 'Day', cell: (d) => d.day, rowHeader: true },
                ...readsPerDay.readers.map((r) => ({
                  key: r.id,
                  header: r.name,
                  cell: (d: ReadsPerDayTable['days'][number]) => d.counts[r.id] ?? 0,
                  numeric: true,
                })),
                { key: 'total', header: 'Total', cell: (d) => d.total, numeric: true },
              ]}
            />
          }
        >
          <ReadsPerDayChart table={readsPerDay} />
        </Figure>
      </div>
    </Section>
  );
}
