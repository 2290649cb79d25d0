import { changeMemberRoleSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { changeMemberRole } from '@/server/use-cases/change-member-role';
import { removeProjectMember } from '@/server/use-cases/remove-project-member';

/** A lead changes a member's role. */
export const PATCH = route<{ slug: string; userId: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, services, user, project, params }) => {
    const { role } = changeMemberRoleSchema.parse(await readJson(req));
    return changeMemberRole(services.db, { projectId: project.id, userId: params.userId, role, actor: user });
  },
);

/** A lead removes a member (their labels stay). */
export const DELETE = route<{ slug: string; userId: string }>(
  { project: true, role: 'LEAD' },
  ({ services, user, project, params }) =>
    removeProjectMember(services.db, { projectId: project.id, userId: params.userId, actor: user }),
);
