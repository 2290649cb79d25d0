import { addMemberSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { addProjectMember } from '@/server/use-cases/add-project-member';

export const POST = route<{ slug: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, services, user, project }) => {
    const input = addMemberSchema.parse(await readJson(req));
    return addProjectMember(services.db, { projectId: project.id, ...input }, { id: user.id, role: user.role });
  },
);
