import type { Metadata } from 'next';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { getProjectOverview } from '@/server/use-cases/get-project-overview';
import { getTrainingCountdown } from '@/server/use-cases/get-training-countdown';
import { listModelVersions } from '@/server/use-cases/list-model-versions';
import { NearChanceNotice } from '@/components/dashboard/near-chance-notice';
import { nearChance } from '@/lib/dashboard/near-chance';
import { AppHeader } from '@/components/nav/app-header';
import { listScanGrid } from '@/server/use-cases/list-scan-grid';
import { GRID_PAGE_SIZE, parseScanGridQuery } from '@/lib/schemas/scan-grid';
import { ScanGrid } from '@/components/grid/scan-grid';
import { toLiveProject } from '@/lib/realtime/live-transport';
import { MembersPanel } from '@/components/projects/members-panel';
import { ProjectSettingsForm } from '@/components/projects/project-settings-form';
import { ProjectTabs, projectTabs, type ProjectTab } from '@/components/projects/project-tabs';
import { ArchivePanel } from '@/components/projects/archive-panel';
import { ProjectLabelsPanel } from '@/components/projects/project-labels-panel';
import { TrainNowButton } from '@/components/projects/train-now-button';
import { TrainingCountdown } from '@/components/projects/training-countdown';
import { hasRole } from '@/lib/auth/roles';
import { listStrategies } from '@/lib/strategies';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ProjectPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<{ tab?: string }>;
}) {
  const { slug } = await params;
  const requested = (await searchParams).tab;
  const tab: ProjectTab = projectTabs.find((t) => t === requested) ?? 'scans';
  const { user, project, role } = await requireProjectMember(slug);
  const db = getServices().db;
  const lead = hasRole(role, 'LEAD');
  const archived = project.archivedAt !== null;
  // The scans tab's first page of the grid is read beside the rest, not after it.
  const gridQuery = parseScanGridQuery({ limit: String(GRID_PAGE_SIZE) });
  const [overview, countdown, versions, firstPage] = await Promise.all([
    getProjectOverview(db, project.id),
    getTrainingCountdown(db, project),
    listModelVersions(db, project.id, { active: true }),
    tab === 'scans'
      ? listScanGrid(db, { projectId: project.id, viewer: { id: user.id, role }, query: gridQuery })
      : null,
  ]);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: `/projects/${slug}`, label: project.name }]} />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        <section>
          <h1 className="text-2xl font-semibold" data-testid="project-title">
            {project.name}
          </h1>
          <p className="text-slate-300">{project.description}</p>
          <p className="mt-1 text-sm text-slate-400">
            Your role here: <span data-testid="project-role">{role}</span>
          </p>
        </section>
        {archived && (
          <p role="status" className="rounded border border-amber-700 bg-amber-950 px-3 py-2 text-sm text-amber-100">
            This project is archived: it is read-only until an admin restores it.
          </p>
        )}
        <ProjectTabs slug={slug} current={tab} />
        {tab === 'scans' && (
          <>
            <section aria-labelledby="facts" className="grid gap-4 sm:grid-cols-4">
              <h2 id="facts" className="sr-only">
                Facts
              </h2>
              <Fact label="Scans" value={overview.scanCount} />
              <Fact label="Annotations" value={overview.annotationCount} />
              <Fact label="Reads per scan" value={overview.project.readsPerScan} />
              <TrainingCountdown countdown={countdown} />
            </section>
            <NearChanceNotice nearChance={nearChance(versions)} />
            {firstPage && (
              <ScanGrid
                key={slug}
                project={toLiveProject(project)}
                labels={project.labels}
                first={firstPage}
                initialQuery={{ sort: gridQuery.sort }}
              />
            )}
          </>
        )}
        {tab === 'settings' && (
          <>
            {lead && (
              <section aria-labelledby="training-heading" className="space-y-3">
                <h2 id="training-heading" className="text-lg font-medium">
                  Training
                </h2>
                <TrainingCountdown countdown={countdown} />
                <TrainNowButton slug={slug} />
              </section>
            )}
            {lead ? (
              <ProjectSettingsForm
                slug={slug}
                settings={overview.project}
                strategies={listStrategies().map((s) => ({ name: s.name, title: s.title }))}
              />
            ) : (
              <p className="text-sm text-slate-300">
                Reads per scan: {overview.project.readsPerScan}. Retrain after {overview.project.retrainThreshold} newly
                training-usable scans. Only a lead may change the settings.
              </p>
            )}
            <ProjectLabelsPanel
              slug={slug}
              labels={project.labels}
              retiredLabels={project.retiredLabels}
              canEdit={lead}
              readOnly={archived}
              binary={project.task === 'BINARY'}
            />
            {(lead || archived) && (
              <ArchivePanel
                slug={slug}
                archivedAt={project.archivedAt?.toISOString() ?? null}
                canArchive={lead}
                canRestore={hasRole(user.role, 'ADMIN')}
              />
            )}
          </>
        )}
        {tab === 'members' && (
          <MembersPanel
            slug={slug}
            members={overview.members}
            canManage={lead}
            canGrantAdmin={hasRole(user.role, 'ADMIN')}
          />
        )}
      </main>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
      <div className="text-xs uppercase tracking-wide text-slate-400">{label}</div>
      <div className="mt-1 text-xl font-semibold">{value}</div>
    </div>
  );
}
