import { AppError } from '@/lib/errors/app-error';
import { hasRole, type Role, type SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/store/handle';
import { findProjectWithMembership } from '@/server/store/projects';

/**
 * The user's effective role in a project: their membership role, or ADMIN for admins.
 * Throws FORBIDDEN for non-members and for members below the required role.
 */
export async function getMembershipOrThrow(
  db: Db,
  user: SessionUser,
  projectSlug: string,
  required: Role = 'ANNOTATOR',
) {
  const project = await findProjectWithMembership(db, projectSlug, user.id);
  if (!project) throw new AppError({ code: 'NOT_FOUND', message: `No project "${projectSlug}".` });
  const role: Role | undefined = user.role === 'ADMIN' ? 'ADMIN' : project.members[0]?.role;
  if (!role) throw new AppError({ code: 'FORBIDDEN', message: 'You are not a member of this project.' });
  if (!hasRole(role, required)) {
    throw new AppError({
      code: 'FORBIDDEN',
      message: `This needs the ${required} role in this project; you are ${role}.`,
    });
  }
  const { members: _members, ...rest } = project;
  return { project: rest, role };
}
