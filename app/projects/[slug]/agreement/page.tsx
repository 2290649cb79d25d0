import type { Metadata } from 'next';
import { hasRole } from '@/lib/auth/roles';
import {
  AgreementHeadline,
  AgreementOverTime,
  AgreementTabs,
  ConsensusConfusions,
  PerClassTable,
  ReaderAccuracyTable,
  ReaderPairTable,
  TrainingRule,
  classRows,
} from '@/components/agreement';
import { AppHeader } from '@/components/nav/app-header';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { getAgreementOverTime } from '@/server/use-cases/get-agreement-over-time';
import { getProjectAgreement } from '@/server/use-cases/get-project-agreement';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Agreement' };

/** Agreement for any member: aggregates for annotators, per-scan links for clinicians and above. */
export default async function AgreementPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project, role } = await requireProjectMember(slug);
  const db = getServices().db;
  const [agreement, overTime] = await Promise.all([getProjectAgreement(db, project, { viewerRole: role }), getAgreementOverTime(db, project)]);
  const { report } = agreement;
  const clinician = hasRole(role, 'CLINICIAN');
  return (
    <>
      <AppHeader
        user={user}
        crumbs={[
          { href: `/projects/${slug}`, label: project.name },
          { href: `/projects/${slug}/agreement`, label: 'Agreement' },
        ]}
      />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        <AgreementTabs slug={slug} current="agreement" showQueue={clinician} />
        <AgreementHeadline report={report} />
        {agreement.multiLabel && (
          <p className="text-sm text-slate-400">Multi-label project: the headline compares whole label sets; the per-class table takes each label as present or absent.</p>
        )}
        <TrainingRule training={report.training} queueHref={clinician ? `/projects/${slug}/adjudication` : undefined} />
        <div className="grid gap-6 lg:grid-cols-2">
          <ReaderPairTable pairs={report.cohen_kappa} weights={report.weights} />
          <PerClassTable rows={classRows(report, agreement.perLabel)} />
        </div>
        <ReaderAccuracyTable report={report} />
        <ConsensusConfusions report={report} />
        <AgreementOverTime byWeek={overTime.byWeek} byModelVersion={overTime.byModelVersion} />
        <p className="text-xs text-slate-500" data-testid="agreement-footnote">
          Every reader&apos;s current read up to annotation #{agreement.upToSeq}
          {agreement.ignoredReads > 0 && `; ${agreement.ignoredReads} reads with labels no longer in the project's set are left out`}. Computed in{' '}
          {agreement.computeMs} ms at {agreement.computedAt.slice(11, 19)} UTC (kept until the next read); over time in {overTime.computeMs} ms.
        </p>
      </main>
    </>
  );
}
