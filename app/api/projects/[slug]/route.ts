import { updateProjectSettingsSchema } from '@/lib/schemas/project';
import { readJson, route } from '@/server/http/route';
import { updateProjectSettings } from '@/server/use-cases/update-project-settings';

/** A lead changes the project's settings (thresholds, reads per scan, blind mode, strategy, model kinds). */
export const PATCH = route<{ slug: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, services, user, project }) => {
    const input = updateProjectSettingsSchema.parse(await readJson(req));
    return updateProjectSettings(services.db, { projectId: project.id, actorId: user.id, input });
  },
);
