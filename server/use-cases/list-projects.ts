import type { SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/store/handle';
import { findProjectsWithCounts } from '@/server/store/projects';

/**
 * Projects the user can see (all of them for an admin), with their scan and label counts.
 * Archived projects only when asked for.
 */
export async function listProjects(db: Db, user: SessionUser | null, opts: { archived?: boolean } = {}) {
  const projects = await findProjectsWithCounts(db, {
    memberId: !user || user.role === 'ADMIN' ? null : user.id,
    includeArchived: Boolean(opts.archived),
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
