import type { Role } from '@/lib/auth/roles';
import type { Db } from '@/server/store/handle';
import { findProjectNameAndRole } from '@/server/store/projects';

/** What a user may do in a project, for the page that refuses them: its name and their role (null: not a member). */
export async function getProjectAccess(
  db: Db,
  args: { userId: string; slug: string },
): Promise<{ projectName: string; role: Role | null } | null> {
  const project = await findProjectNameAndRole(db, args.slug, args.userId);
  if (!project) return null;
  return { projectName: project.name, role: project.members[0]?.role ?? null };
}
