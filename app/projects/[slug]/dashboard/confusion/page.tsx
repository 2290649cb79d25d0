import { modelName } from '@/lib/models/model-name';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AppHeader } from '@/components/nav/app-header';
import { dashboardCrumbs } from '@/components/dashboard/dashboard-nav';
import { ScanCellList } from '@/components/dashboard/scan-cell-list';
import { isAppError } from '@/lib/errors/app-error';
import { confusionCellQuerySchema } from '@/lib/dashboard/queries';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { getConfusionCellScans } from '@/server/use-cases/get-confusion-cell-scans';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Confusion cell' };

/** The scans behind one confusion-matrix cell of a model version: reference `true`, predicted `pred`. */
export default async function ConfusionCellPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const { user, project } = await requireProjectMember(slug, 'LEAD');
  const query = confusionCellQuerySchema.safeParse(await searchParams);
  const cell = query.success
    ? await getConfusionCellScans(getServices().db, project, {
        versionId: query.data.version,
        trueLabel: query.data.true,
        predLabel: query.data.pred,
      }).catch((e: unknown) => {
        if (isAppError(e) && e.status < 500) return e.message;
        throw e;
      })
    : 'Choose a cell of the confusion matrix on the dashboard.';
  const back = `/projects/${slug}/dashboard#evaluation`;
  return (
    <>
      <AppHeader user={user} crumbs={dashboardCrumbs(slug, project.name)} />
      <main className="mx-auto max-w-7xl space-y-4 p-6">
        {typeof cell === 'string' ? (
          <p className="text-slate-300" role="alert">
            {cell}
          </p>
        ) : (
          <>
            <h1 className="text-xl font-semibold" data-testid="confusion-cell-title">
              Reference <span className="text-sky-300">{cell.trueLabel}</span>, predicted{' '}
              <span className="text-sky-300">{cell.predLabel}</span>
            </h1>
            <p className="text-sm text-slate-400" data-testid="confusion-cell-summary">
              {modelName(cell.version)}
              {cell.version.active ? ' (active)' : ''}, {cell.split} split: {cell.scans.length}{' '}
              {cell.scans.length === 1 ? 'scan' : 'scans'}
              {cell.source === 'evaluated' ? ', as evaluated' : ' now'}
              {cell.source === 'recomputed' &&
                cell.scans.length !== cell.storedCount &&
                ` (${cell.storedCount} when the version was evaluated; labels have changed since)`}
              .
            </p>
            <ScanCellList slug={slug} labels={project.labels} scans={cell.scans} />
          </>
        )}
        <Link href={back} className="inline-block text-sm text-sky-300 hover:text-sky-200">
          ← Back to the confusion matrix
        </Link>
      </main>
    </>
  );
}
