import { EstimateValue } from './estimate-value';
import { statisticHelp, type ClassRow } from './format';
import { StatTable } from './stat-table';

/** Specific agreement and alpha per class (per label of a multi-label project). */
export function PerClassTable({ rows }: { rows: readonly ClassRow[] }) {
  return (
    <StatTable
      title="Per class"
      help={
        <>
          {statisticHelp.specific_agreement} {statisticHelp.class_alpha}
        </>
      }
      headers={['Label', 'Specific agreement (95% CI)', 'Alpha, this label vs the rest (95% CI)']}
      testId="per-class"
    >
      {rows.map((r) => (
        <tr key={r.category}>
          <td>{r.category}</td>
          <td>
            <EstimateValue estimate={r.specific_agreement} />
          </td>
          <td>
            <EstimateValue estimate={r.alpha} />
          </td>
        </tr>
      ))}
    </StatTable>
  );
}
