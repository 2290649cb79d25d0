import type { Metadata } from 'next';
import { AppHeader } from '@/components/nav/app-header';
import { AgreementSection } from '@/components/dashboard/agreement-section';
import { DashboardNav, dashboardCrumbs } from '@/components/dashboard/dashboard-nav';
import { EvaluationSection } from '@/components/dashboard/evaluation-section';
import { ExportPanel } from '@/components/dashboard/export-panel';
import { Section } from '@/components/dashboard/figure';
import { LabellingSection } from '@/components/dashboard/labelling-section';
import { ModelQualitySection } from '@/components/dashboard/model-quality-section';
import { ModelVersionsPanel } from '@/components/dashboard/model-versions-panel';
import { ShortcutCheckSection } from '@/components/dashboard/shortcut-check-section';
import { NearChanceNotice } from '@/components/dashboard/near-chance-notice';
import { nearChance } from '@/lib/dashboard/near-chance';
import { TrainNowButton } from '@/components/projects/train-now-button';
import { TrainingJobsPanel } from '@/components/dashboard/training-jobs-panel';
import { formatUtc } from '@/lib/dashboard/format';
import { dashboardQuerySchema } from '@/lib/dashboard/queries';
import { toLiveProject } from '@/lib/realtime/live-transport';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { getProjectDashboard } from '@/server/use-cases/get-project-dashboard';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Dashboard · ${(await params).slug}` };
}

export default async function DashboardPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { slug } = await params;
  const query = dashboardQuerySchema.parse(await searchParams);
  const { user, project } = await requireProjectMember(slug, 'LEAD');
  const services = getServices();
  const d = await getProjectDashboard(services.db, project, {
    kind: query.kind,
    storageDir: services.config.storageDir,
  });
  return (
    <>
      <AppHeader user={user} crumbs={dashboardCrumbs(slug, project.name)} />
      <main className="mx-auto max-w-7xl space-y-8 p-6">
        <header className="space-y-2">
          <h1 className="text-2xl font-semibold" data-testid="dashboard-title">
            {project.name}: dashboard
          </h1>
          <p className="text-xs text-slate-500">As of {formatUtc(d.generatedAt)}</p>
          <DashboardNav slug={slug} />
        </header>
        <NearChanceNotice nearChance={nearChance(d.quality.versions)} />
        <ModelQualitySection
          headlines={d.quality.headlines}
          comparison={d.quality.comparison}
          baseline={d.quality.baseline}
          series={d.quality.series}
        />
        <Section
          id="versions"
          title="Versions and pinning"
          description="Each kind's active version ranks the queue. A new version replaces it only when its validation macro F1 is not worse; pin a version to keep it active."
        >
          <ModelVersionsPanel slug={slug} versions={d.quality.versions} />
        </Section>
        <EvaluationSection slug={slug} evaluation={d.evaluation} headlines={d.quality.headlines} />
        <ShortcutCheckSection check={d.shortcuts} />
        <LabellingSection progress={d.progress} readsPerDay={d.readsPerDay} />
        <AgreementSection
          slug={slug}
          report={d.agreement.report}
          perLabel={d.agreement.perLabel}
          byWeek={d.agreement.byWeek}
          byModelVersion={d.agreement.byModelVersion}
        />
        <Section id="training" title="Training jobs" description="The live job follows the trainer as it reports.">
          <div className="mb-4">
            <TrainNowButton slug={slug} />
          </div>
          <TrainingJobsPanel project={toLiveProject(project)} initial={d.training} />
        </Section>
        <Section
          id="exports"
          title="Exports"
          description="The same files as `neuroloop export`; none holds a patient identifier."
        >
          <ExportPanel slug={slug} versions={d.quality.versions} />
        </Section>
      </main>
    </>
  );
}
