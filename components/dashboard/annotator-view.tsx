import { formatPercent, formatUtc } from '@/lib/dashboard/format';
import type { ConsensusSummary, MyRead, Overruled } from '@/lib/dashboard/annotator';
import { progressStatusNames } from '@/lib/dashboard/progress';
import type { ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import { DataTable } from './data-table';
import { Figure } from './figure';
import { ReadsPerDayChart } from './reads-per-day-chart';

const verdict = (agrees: boolean | null) =>
  agrees === null ? (
    <span className="text-slate-500">pending</span>
  ) : agrees ? (
    <span className="text-emerald-400">agrees</span>
  ) : (
    <span className="text-rose-400">differs</span>
  );

/** An annotator's own page: agreement with consensus, what adjudication overruled, and every read. */
export function AnnotatorView(props: {
  counts: { currentReads: number; rowsWritten: number };
  consensus: ConsensusSummary | null;
  overruled: Overruled[];
  reads: MyRead[];
  readsPerDay: ReadsPerDayTable;
}) {
  const { consensus } = props;
  return (
    <div className="space-y-6">
      <section aria-labelledby="me-facts" className="grid gap-4 sm:grid-cols-3">
        <h2 id="me-facts" className="sr-only">
          Summary
        </h2>
        <Fact label="Current reads" value={String(props.counts.currentReads)} testId="me-read-count" />
        <Fact
          label="Agreement with consensus"
          value={formatPercent(consensus?.agreement)}
          note={
            consensus
              ? `${consensus.compared} reads compared (${consensus.source} consensus)`
              : 'No consensus to compare with yet'
          }
          testId="me-agreement"
        />
        <Fact
          label="Overruled by adjudication"
          value={String(props.overruled.length)}
          note="Scans to learn from, below"
          testId="me-overruled-count"
        />
      </section>
      <section aria-labelledby="me-overruled" className="rounded-lg border border-slate-800 bg-slate-900 p-4">
        <h2 id="me-overruled" className="mb-2 font-medium">
          Adjudicated differently from your read
        </h2>
        <DataTable<Overruled>
          caption="Scans a clinician adjudicated to another label than yours, newest first"
          captionHidden
          testId="me-overruled"
          rows={props.overruled}
          rowKey={(r) => r.scanId}
          empty="None: no adjudication has gone against your reads."
          columns={[
            { key: 'scan', header: 'Scan', cell: (r) => r.originalName, rowHeader: true },
            { key: 'mine', header: 'Your read', cell: (r) => r.myLabels.join(', ') },
            { key: 'adjudicated', header: 'Adjudicated', cell: (r) => r.adjudicated.join(', ') },
            { key: 'by', header: 'By', cell: (r) => r.adjudicatedBy },
            { key: 'when', header: 'When', cell: (r) => formatUtc(r.adjudicatedAt) },
          ]}
        />
      </section>
      {consensus && (
        <section aria-labelledby="me-matrix" className="rounded-lg border border-slate-800 bg-slate-900 p-4">
          <h2 id="me-matrix" className="mb-2 font-medium">
            Your reads against the consensus
          </h2>
          <DataTable<{ label: string; row: number[] }>
            caption="Rows: your label; columns: the consensus label"
            testId="me-consensus-matrix"
            rows={consensus.categories.map((label, i) => ({ label, row: consensus.counts[i] }))}
            rowKey={(r) => r.label}
            columns={[
              { key: 'mine', header: 'You ↓ / consensus →', cell: (r) => r.label, rowHeader: true },
              ...consensus.categories.map((c, j) => ({
                key: c,
                header: c,
                cell: (r: { row: number[] }) => r.row[j],
                numeric: true,
              })),
            ]}
          />
        </section>
      )}
      <Figure
        title="Your reads per day"
        testId="me-reads-per-day"
        table={
          <DataTable<ReadsPerDayTable['days'][number]>
            caption="Your reads per day (UTC), last 30 days"
            rows={props.readsPerDay.days}
            rowKey={(d) => d.day}
            empty="No reads in the last 30 days."
            columns={[
              { key: 'day', header: 'Day', cell: (d) => d.day, rowHeader: true },
              { key: 'reads', header: 'Reads', cell: (d) => d.total, numeric: true },
            ]}
          />
        }
      >
        <ReadsPerDayChart table={props.readsPerDay} />
      </Figure>
      <section aria-labelledby="me-reads" className="rounded-lg border border-slate-800 bg-slate-900 p-4">
        <h2 id="me-reads" className="mb-2 font-medium">
          Your reads
        </h2>
        <DataTable<MyRead>
          caption={`Your current reads, newest first${props.reads.length < props.counts.currentReads ? ` (latest ${props.reads.length})` : ''}`}
          testId="me-reads-table"
          rows={props.reads}
          rowKey={(r) => r.scanId}
          empty="You have not read a scan yet."
          columns={[
            { key: 'scan', header: 'Scan', cell: (r) => r.originalName, rowHeader: true },
            { key: 'labels', header: 'Your read', cell: (r) => r.labels.join(', ') },
            { key: 'when', header: 'When', cell: (r) => formatUtc(r.at) },
            { key: 'status', header: 'Scan status', cell: (r) => progressStatusNames[r.status] },
            {
              key: 'reference',
              header: 'Reference',
              cell: (r) => (r.reference ? `${r.reference} (${r.referenceRule})` : '—'),
            },
            { key: 'verdict', header: 'You', cell: (r) => verdict(r.agrees) },
          ]}
        />
      </section>
    </div>
  );
}

function Fact({ label, value, note, testId }: { label: string; value: string; note?: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid={testId}>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums">{value}</div>
      {note && <div className="mt-1 text-xs text-slate-400">{note}</div>}
    </div>
  );
}
