import type { SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';

/**
 * Projects the user can see (all of them for an admin), with their scan and label counts.
 * Archived projects only when asked for.
 */
export async function listProjects(db: Db, user: SessionUser | null, opts: { archived?: boolean } = {}) {
  const where = {
    ...(!user || user.role === 'ADMIN' ? {} : { members: { some: { userId: user.id } } }),
    ...(opts.archived ? {} : { archivedAt: null }),
  };
  const projects = await db.project.findMany({
    where,
    orderBy: { createdAt: 'asc' },
    include: { _count: { select: { scans: true, annotations: true, members: true } } },
  });
  return projects.map((p) => ({
    id: p.id,
    slug: p.slug,
    name: p.name,
    task: p.task,
    labels: p.labels,
    retiredLabels: p.retiredLabels,
    archivedAt: p.archivedAt,
    scans: p._count.scans,
    annotations: p._count.annotations,
    members: p._count.members,
  }));
}
