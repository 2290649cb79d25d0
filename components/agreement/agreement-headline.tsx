import type { AgreementReport } from '@/lib/agreement/report';
import type { Estimate } from '@/lib/agreement/types';
import { EstimateValue } from './estimate-value';
import { statisticHelp, strengthOf } from './format';

const headline = [
  { key: 'krippendorff_alpha', title: "Krippendorff's alpha", chanceCorrected: true },
  { key: 'fleiss_kappa', title: "Fleiss' kappa", chanceCorrected: true },
  { key: 'percent_agreement', title: 'Percent agreement', chanceCorrected: false },
] as const;

/**
 * The three headline statistics with their 95% bootstrap intervals and a line each on what
 * they mean. Reusable (the lead's dashboard embeds it): it needs only the report.
 */
export function AgreementHeadline({ report }: { report: AgreementReport }) {
  const c = report.counts;
  return (
    <section aria-labelledby="agreement-headline" className="space-y-3">
      <h2 id="agreement-headline" className="text-lg font-medium">
        Agreement between readers
      </h2>
      <p className="text-sm text-slate-400" data-testid="agreement-counts">
        {c.reads} reads of {c.items} scans by {c.readers} {c.readers === 1 ? 'reader' : 'readers'}; {c.pairable_items}{' '}
        scans read twice or more. Intervals are 95% bootstrap intervals over scans.
      </p>
      <div className="grid gap-4 md:grid-cols-3">
        {headline.map(({ key, title, chanceCorrected }) => (
          <HeadlineCard
            key={key}
            title={title}
            estimate={report[key]}
            help={statisticHelp[key]}
            scale={chanceCorrected}
            testId={`stat-${key}`}
          />
        ))}
      </div>
    </section>
  );
}

function HeadlineCard(props: { title: string; estimate: Estimate; help: string; scale: boolean; testId: string }) {
  const { title, estimate, help, scale, testId } = props;
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
      <div className="text-xs tracking-wide text-slate-500 uppercase">{title}</div>
      <div className="mt-1 text-2xl">
        <EstimateValue estimate={estimate} testId={testId} />
      </div>
      {scale && estimate.ok && (
        <div className="text-sm text-sky-300">{strengthOf(estimate.value)} (Landis &amp; Koch)</div>
      )}
      <p className="mt-2 text-xs text-slate-400">{help}</p>
    </div>
  );
}
