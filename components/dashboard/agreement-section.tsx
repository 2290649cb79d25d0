import Link from 'next/link';
import type { AgreementReport } from '@/lib/agreement/report';
import {
  AgreementHeadline,
  AgreementOverTime,
  PerClassTable,
  ReaderPairTable,
  classRows,
  type PeriodView,
} from '@/components/agreement';

/**
 * Where readers disagree: the agreement page's pieces (lib/agreement's report, bootstrap
 * intervals) over time, per class and per reader pair.
 */
export function AgreementSection(props: {
  slug: string;
  report: AgreementReport;
  perLabel: { label: string; report: AgreementReport }[];
  byWeek: PeriodView[];
  byModelVersion: PeriodView[];
}) {
  return (
    <section id="agreement" className="scroll-mt-4 space-y-4">
      <AgreementHeadline report={props.report} />
      <div className="grid gap-6 lg:grid-cols-2">
        <ReaderPairTable pairs={props.report.cohen_kappa} weights={props.report.weights} />
        <PerClassTable rows={classRows(props.report, props.perLabel)} />
      </div>
      <AgreementOverTime byWeek={props.byWeek} byModelVersion={props.byModelVersion} />
      <Link
        href={`/projects/${encodeURIComponent(props.slug)}/agreement`}
        className="inline-block text-sm text-sky-300 hover:text-sky-200"
      >
        Full agreement report: reader accuracy, consensus, adjudication queue →
      </Link>
    </section>
  );
}
