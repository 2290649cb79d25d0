import type { Db } from '@/server/store/handle';
import { readProjectOverview } from '@/server/store/project-views';

/** What the project page shows at a glance: settings, members, scan and label counts. */
export async function getProjectOverview(db: Db, projectId: string) {
  const { project, members, scanCount, splitCounts, annotationCount } = await readProjectOverview(db, projectId);
  return {
    project: {
      id: project.id,
      slug: project.slug,
      name: project.name,
      description: project.description,
      task: project.task,
      labels: project.labels,
      readsPerScan: project.readsPerScan,
      retrainThreshold: project.retrainThreshold,
      blindMode: project.blindMode,
      strategy: project.strategy,
      modelKinds: project.modelKinds,
      resnet50Variant: project.resnet50Variant,
      consensusThreshold: project.consensusThreshold,
      claimTimeoutSeconds: project.claimTimeoutSeconds,
    },
    members: members.map((m) => ({ userId: m.user.id, name: m.user.name, email: m.user.email, role: m.role })),
    scanCount,
    splits: Object.fromEntries(splitCounts.map((s) => [s.split, s._count._all])),
    annotationCount,
  };
}
