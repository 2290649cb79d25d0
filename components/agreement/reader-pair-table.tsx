import type { PairEstimate } from '@/lib/agreement/report';
import { EstimateValue } from './estimate-value';
import { statisticHelp } from './format';
import { StatTable } from './stat-table';

/** Cohen's kappa of every pair of readers, with its interval and how many scans both read. */
export function ReaderPairTable({ pairs, weights = 'none' }: { pairs: readonly PairEstimate[]; weights?: string }) {
  return (
    <StatTable
      title="Reader pairs"
      help={`${statisticHelp.cohen_kappa}${weights === 'none' ? '' : ` Weights: ${weights}.`}`}
      headers={['Reader', 'Reader', "Cohen's kappa (95% CI)", 'Scans both read']}
      testId="reader-pairs"
      empty={pairs.length === 0 ? 'Pairs appear once two readers have read scans.' : undefined}
    >
      {pairs.map((p) => (
        <tr key={`${p.reader_a}\u0000${p.reader_b}`}>
          <td>{p.reader_a}</td>
          <td>{p.reader_b}</td>
          <td>
            <EstimateValue estimate={p} />
          </td>
          <td className="tabular-nums">{p.n_items}</td>
        </tr>
      ))}
    </StatTable>
  );
}
