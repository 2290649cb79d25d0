import { activeEvaluation, type ActiveEvaluation } from '@/lib/dashboard/evaluation';
import type { ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import type { ProjectShortcutCheck } from '@/lib/dashboard/shortcut-check';
import type { TrainingJobsResponse } from '@/lib/dashboard/training-jobs';
import type { ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/store/handle';
import type { Project } from '@/server/store/project-views';
import { getAgreementOverTime, type AgreementOverTime } from './get-agreement-over-time';
import { getLabelProgress, type LabelProgress } from './get-label-progress';
import { getModelQuality, type ModelQuality } from './get-model-quality';
import { getProjectAgreement, type ProjectAgreement } from './get-project-agreement';
import { getReadsPerAnnotator } from './get-reads-per-annotator';
import { getShortcutCheck } from './get-shortcut-check';
import { listTrainingJobs } from './list-training-jobs';

export type DashboardProject = Pick<
  Project,
  'id' | 'slug' | 'task' | 'labels' | 'readsPerScan' | 'consensusThreshold' | 'modelKinds' | 'lastSequence'
>;

export interface ProjectDashboard {
  generatedAt: string;
  quality: ModelQuality;
  /** The kind shown in detail: the one asked for, else the first with an active evaluated version. */
  evaluation: ActiveEvaluation | null;
  progress: LabelProgress;
  readsPerDay: ReadsPerDayTable;
  /** Aggregates only: per-scan consensus posteriors are on the agreement page. */
  agreement: Pick<ProjectAgreement, 'report' | 'perLabel' | 'upToSeq'> &
    Pick<AgreementOverTime, 'byWeek' | 'byModelVersion'>;
  training: TrainingJobsResponse;
  /** Whether file size, format or depth tells the label (computed once per label state). */
  shortcuts: ProjectShortcutCheck;
}

/** Everything the lead's dashboard shows. */
export async function getProjectDashboard(
  db: Db,
  project: DashboardProject,
  opts: { kind?: ModelKind; now?: Date; storageDir: string },
): Promise<ProjectDashboard> {
  const now = opts.now ?? new Date();
  const [quality, progress, readsPerDay, training, overTime, agreement, shortcuts] = await Promise.all([
    getModelQuality(db, project),
    getLabelProgress(db, project),
    getReadsPerAnnotator(db, { projectId: project.id, now }),
    listTrainingJobs(db, project.id),
    getAgreementOverTime(db, project, { maxWeeks: 12 }),
    // Aggregates are what the dashboard shows; an ANNOTATOR-level view leaves out per-scan posteriors.
    getProjectAgreement(db, project, { viewerRole: 'ANNOTATOR' }),
    getShortcutCheck(db, project, opts.storageDir),
  ]);
  return {
    generatedAt: now.toISOString(),
    quality,
    evaluation: activeEvaluation(quality.versions, quality.kinds, opts.kind),
    progress,
    readsPerDay,
    agreement: {
      report: agreement.report,
      perLabel: agreement.perLabel,
      upToSeq: agreement.upToSeq,
      byWeek: overTime.byWeek,
      byModelVersion: overTime.byModelVersion,
    },
    training,
    shortcuts,
  };
}
