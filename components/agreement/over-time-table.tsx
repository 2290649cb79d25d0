import { EstimateValue } from './estimate-value';
import { periodStatistics, type PeriodView } from './period';
import { StatTable } from './stat-table';

/** The chart's data as a table: one row per period. */
export function OverTimeTable({
  periods,
  periodHeader,
  title,
  help,
  testId,
}: {
  periods: readonly PeriodView[];
  periodHeader: string;
  title: string;
  help: string;
  testId: string;
}) {
  return (
    <StatTable
      title={title}
      help={help}
      headers={[
        periodHeader,
        'Reads',
        'Scans read twice+',
        'Readers',
        ...periodStatistics.map((s) => `${s.title} (95% CI)`),
      ]}
      testId={testId}
    >
      {periods.map((p) => (
        <tr key={p.key} data-period={p.key}>
          <td className="whitespace-nowrap">{p.label}</td>
          <td className="tabular-nums">{p.reads}</td>
          <td className="tabular-nums">{p.pairableItems}</td>
          <td className="tabular-nums">{p.readers}</td>
          {periodStatistics.map((s) => (
            <td key={s.key}>
              <EstimateValue estimate={p[s.key]} />
            </td>
          ))}
        </tr>
      ))}
    </StatTable>
  );
}
