import { OverTimeChart } from './over-time-chart';
import { OverTimeTable } from './over-time-table';
import type { PeriodView } from './period';

const help = {
  week: 'Reads grouped by the ISO week (UTC) they were made in, as they stood at the end of that week; a scan counts in a week when two or more of its reads were made that week.',
  version:
    'The reads each model version was trained on (its label snapshot): did the labels the models learn from get more consistent?',
};

/** Agreement per week and per model version: a chart and the same data as a table, for each. */
export function AgreementOverTime({
  byWeek,
  byModelVersion,
}: {
  byWeek: readonly PeriodView[];
  byModelVersion: readonly PeriodView[];
}) {
  return (
    <section aria-labelledby="over-time" className="space-y-4">
      <h2 id="over-time" className="text-lg font-medium">
        Over time
      </h2>
      <Period
        periods={byWeek}
        title="Per week"
        periodHeader="Week"
        help={help.week}
        testId="over-time-week"
        empty="No reads yet."
      />
      <Period
        periods={byModelVersion}
        title="Per model version"
        periodHeader="Model versions"
        help={help.version}
        testId="over-time-version"
        empty="No model has been trained yet."
      />
    </section>
  );
}

function Period(props: {
  periods: readonly PeriodView[];
  title: string;
  periodHeader: string;
  help: string;
  testId: string;
  empty: string;
}) {
  const { periods, title, empty, ...table } = props;
  return (
    <div className="space-y-3 rounded-lg border border-slate-800 bg-slate-950/40 p-4">
      {periods.length === 0 ? (
        <p className="text-sm text-slate-400 italic" data-testid={table.testId}>
          {title}: {empty}
        </p>
      ) : (
        <>
          <OverTimeChart periods={periods} title={title} />
          <OverTimeTable periods={periods} title={title} {...table} />
        </>
      )}
    </div>
  );
}
