import type { ReaderConsensusConfusion } from '@/lib/agreement/confusion';
import type { AgreementReport } from '@/lib/agreement/report';
import { formatNumber, reasonText, statisticHelp } from './format';
import { StatTable } from './stat-table';

const sourceText = {
  'dawid-skene': 'the Dawid–Skene consensus (each scan’s most probable label)',
  majority: 'the majority label (ties left out)',
} as const;

/** Each reader's estimated accuracy (Dawid–Skene) and agreement with the consensus label. */
export function ReaderAccuracyTable({ report }: { report: AgreementReport }) {
  const ds = report.dawid_skene;
  const rows = report.consensus.reader_vs_consensus;
  return (
    <StatTable
      title="Readers"
      help={
        <>
          {statisticHelp.reader_accuracy} {statisticHelp.consensus_agreement} Consensus here is{' '}
          {sourceText[report.consensus.source]}.{!ds.ok && ` Dawid–Skene is not computed: ${reasonText[ds.reason]}.`}
        </>
      }
      headers={['Reader', 'Reads compared', 'Estimated accuracy', 'Agrees with consensus']}
      testId="reader-accuracy"
      empty={rows.length === 0 ? reasonText['no-reads'] : undefined}
    >
      {rows.map((r) => (
        <tr key={r.reader}>
          <td>{r.reader}</td>
          <td className="tabular-nums">{r.n}</td>
          <td className="tabular-nums">{accuracyText(ds, r.reader)}</td>
          <td className="tabular-nums">{r.agreement === null ? '—' : formatNumber(r.agreement)}</td>
        </tr>
      ))}
    </StatTable>
  );
}

/** A reader's estimate; an annotator is shown their own only, so others' read "leads only". */
function accuracyText(ds: AgreementReport['dawid_skene'], reader: string): string {
  if (!ds.ok) return '—';
  const value = ds.reader_accuracy[reader];
  return value === undefined ? 'leads only' : formatNumber(value);
}

/** Every reader against the consensus: rows are the reader's label, columns the consensus. */
export function ConsensusConfusions({ report }: { report: AgreementReport }) {
  const readers = report.consensus.reader_vs_consensus;
  return (
    <section className="rounded-lg border border-slate-800 bg-slate-900 p-4" data-testid="consensus-confusions">
      <h2 className="font-medium">Reader vs consensus</h2>
      <p className="mt-1 text-xs text-slate-400">
        How each reader&apos;s labels (rows) line up with {sourceText[report.consensus.source]} (columns); the diagonal
        is agreement.
      </p>
      {readers.length === 0 ? (
        <p className="mt-3 text-sm text-slate-400 italic">{reasonText['no-reads']}</p>
      ) : (
        <div className="mt-3 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {readers.map((r) => (
            <ConfusionMatrix key={r.reader} confusion={r} />
          ))}
        </div>
      )}
    </section>
  );
}

function ConfusionMatrix({ confusion }: { confusion: ReaderConsensusConfusion }) {
  const max = Math.max(1, ...confusion.counts.flat());
  return (
    <table className="text-xs tabular-nums">
      <caption className="pb-1 text-left text-sm text-slate-200">{confusion.reader}</caption>
      <thead>
        <tr>
          <th scope="col" className="pr-2 text-left font-normal text-slate-500">
            reader ↓ / consensus →
          </th>
          {confusion.categories.map((c) => (
            <th key={c} scope="col" className="px-1 font-normal text-slate-400">
              {c}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {confusion.counts.map((row, i) => (
          <tr key={confusion.categories[i]}>
            <th scope="row" className="pr-2 text-left font-normal text-slate-400">
              {confusion.categories[i]}
            </th>
            {row.map((n, j) => (
              <td
                key={confusion.categories[j]}
                className={`px-2 py-1 text-center ${i === j ? 'text-emerald-200' : 'text-amber-200'}`}
                style={{ backgroundColor: `rgba(${i === j ? '16,185,129' : '245,158,11'},${(0.6 * n) / max})` }}
              >
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
