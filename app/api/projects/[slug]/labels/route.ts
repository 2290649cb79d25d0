import { editProjectLabelsSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { editProjectLabels } from '@/server/use-cases/edit-project-labels';

/** A lead adds labels, or retires and restores them (old reads keep a retired label). */
export const PATCH = route<{ slug: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, services, user, project }) => {
    const input = editProjectLabelsSchema.parse(await readJson(req));
    return editProjectLabels(services.db, { projectId: project.id, actorId: user.id, input });
  },
);
