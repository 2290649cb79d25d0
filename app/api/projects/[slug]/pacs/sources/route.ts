import { addPacsSourceSchema } from '@/lib/pacs/source-schema';
import { readJson, route } from '@/server/http/route';
import { pacsContextFor } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { listPacsSources } from '@/server/use-cases/list-pacs-sources';

/** PACS sources: leads only (a source makes the server call a host). Secrets are never returned. */
export const GET = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ services, project }) =>
  listPacsSources(services.db, project.id),
);

export const POST = route<{ slug: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, services, user, project }) => {
    const source = addPacsSourceSchema.parse(await readJson(req));
    const ctx = pacsContextFor(services.config, services.log);
    return addPacsSource(services.db, ctx, { projectId: project.id, userId: user.id, source });
  },
);
