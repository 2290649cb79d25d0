import type { Db } from '@/server/db/client';

/** What the project page shows at a glance: settings, members, scan and label counts. */
export async function getProjectOverview(db: Db, projectId: string) {
  const [project, members, scanCount, splitCounts, annotationCount] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId } }),
    db.projectMember.findMany({
      where: { projectId },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.scan.count({ where: { projectId } }),
    db.scan.groupBy({ by: ['split'], where: { projectId }, _count: { _all: true } }),
    db.annotation.count({ where: { projectId } }),
  ]);
  return {
    project: {
      id: project.id,
      slug: project.slug,
      name: project.name,
      description: project.description,
      task: project.task,
      labels: project.labels,
      labelsRequired: project.labelsRequired,
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
