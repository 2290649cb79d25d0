import { updatePacsSourceSchema } from '@/lib/pacs/source-schema';
import { readJson, route } from '@/server/http/route';
import { pacsContextFor } from '@/server/pacs/pacs-context';
import { updatePacsSource } from '@/server/use-cases/update-pacs-source';

export const PATCH = route<{ slug: string; sourceId: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, params, services, user, project }) => {
    const changes = updatePacsSourceSchema.parse(await readJson(req));
    const ctx = pacsContextFor(services.config, services.log);
    return updatePacsSource(services.db, ctx, {
      projectId: project.id,
      userId: user.id,
      sourceId: params.sourceId,
      changes,
    });
  },
);
