import type { Metadata } from 'next';
import { AdjudicationQueueList, AgreementTabs } from '@/components/agreement';
import { AppHeader } from '@/components/nav/app-header';
import { SendReportPanel } from '@/components/pacs/send-report-panel';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { listAdjudicationQueue } from '@/server/use-cases/list-adjudication-queue';
import { listReportableScans } from '@/server/use-cases/list-reportable-scans';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Adjudication queue' };

/** Clinicians and above: the scans the training rule leaves out, oldest first. */
export default async function AdjudicationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project, role } = await requireProjectMember(slug, 'CLINICIAN');
  const db = getServices().db;
  const [queue, reportable] = await Promise.all([
    listAdjudicationQueue(db, project, { id: user.id, role }),
    listReportableScans(db, project),
  ]);
  const list = { slug, threshold: queue.threshold, readsPerScan: queue.readsPerScan };
  return (
    <>
      <AppHeader
        user={user}
        crumbs={[
          { href: `/projects/${slug}`, label: project.name },
          { href: `/projects/${slug}/adjudication`, label: 'Adjudication queue' },
        ]}
      />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        <AgreementTabs slug={slug} current="adjudication" showQueue />
        <section className="space-y-3">
          <h1 className="text-2xl font-semibold">Needs adjudication</h1>
          <p className="text-sm text-slate-400">
            Scans left out of training because their reads tie or their consensus is below {queue.threshold}. Your label
            as adjudicator trains the models; once you adjudicate a scan it leaves this list.
          </p>
          {queue.ready.length === 0 ? (
            <p className="rounded-lg border border-slate-800 bg-slate-900 p-4 text-slate-400" data-testid="queue-empty">
              Nothing to adjudicate.
            </p>
          ) : (
            <AdjudicationQueueList items={queue.ready} testId="queue-ready" {...list} />
          )}
        </section>
        {queue.awaitingReads.length > 0 && (
          <details className="space-y-3">
            <summary className="cursor-pointer text-lg font-medium">
              Still being read ({queue.awaitingReads.length})
            </summary>
            <p className="text-sm text-slate-400">
              Left out of training too, but short of {queue.readsPerScan} reads: adjudicate them once their reads are
              in.
            </p>
            <AdjudicationQueueList items={queue.awaitingReads} testId="queue-awaiting" {...list} />
          </details>
        )}
        {reportable.length > 0 && <SendReportPanel slug={slug} initial={reportable} />}
      </main>
    </>
  );
}
