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
  ImportedPriors,
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
  const [agreement, overTime] = await Promise.all([
    getProjectAgreement(db, project, { viewerRole: role, viewerId: user.id }),
    getAgreementOverTime(db, project),
  ]);
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
        {/* Charts first; the rules and explanations are one click away below. */}
        <AgreementOverTime byWeek={overTime.byWeek} byModelVersion={overTime.byModelVersion} />
        <ImportedPriors priors={agreement.priors} />
        {agreement.multiLabel && (
          <p className="text-sm text-slate-400">
            Multi-label project: the headline compares whole label sets; the per-class table takes each label as present
            or absent.
          </p>
        )}
        <details className="rounded-lg border border-slate-800 bg-slate-900/40 p-2">
          <summary className="cursor-pointer px-2 py-1 text-sm text-sky-300">
            Which label trains the models, and how many scans wait for adjudication
          </summary>
          <div className="mt-2">
            <TrainingRule
              training={report.training}
              queueHref={clinician ? `/projects/${slug}/adjudication` : undefined}
            />
          </div>
        </details>
        <div className="grid gap-6 lg:grid-cols-2">
          <ReaderPairTable pairs={report.cohen_kappa} weights={report.weights} />
          <PerClassTable rows={classRows(report, agreement.perLabel)} />
        </div>
        <ReaderAccuracyTable report={report} />
        <ConsensusConfusions report={report} />
        <p className="text-xs text-slate-500" data-testid="agreement-footnote">
          Every reader&apos;s current read up to annotation #{agreement.upToSeq}
          {agreement.ignoredReads > 0 &&
            `; ${agreement.ignoredReads} reads with labels no longer in the project's set are left out`}
          . Computed in {agreement.computeMs} ms at {agreement.computedAt.slice(11, 19)} UTC (kept until the next read);
          over time in {overTime.computeMs} ms.
        </p>
      </main>
    </>
  );
}
