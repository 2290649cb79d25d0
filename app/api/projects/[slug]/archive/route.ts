import { setProjectArchivedSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { setProjectArchived } from '@/server/use-cases/set-project-archived';

/** A lead archives the project; an admin restores it. */
export const PUT = route<{ slug: string }>(
  { project: true, role: 'LEAD', archived: 'allowed' },
  async ({ req, services, user, project }) => {
    const { archived } = setProjectArchivedSchema.parse(await readJson(req));
    return setProjectArchived(services.db, { projectId: project.id, actor: user, archived });
  },
);
