import { importPacsSeriesRequestSchema } from '@/lib/pacs/requests';
import { readJson, route } from '@/server/http/route';
import { pacsContextFor } from '@/server/pacs/pacs-context';
import { importPacsSeriesList } from '@/server/use-cases/import-pacs-series-list';

/** Imports the ticked series one after another; each is whole, or failed with its reasons. */
export const POST = route<{ slug: string; sourceId: string }>(
  { project: true, role: 'LEAD' },
  async ({ req, params, services, user, project }) => {
    const body = importPacsSeriesRequestSchema.parse(await readJson(req));
    const ctx = pacsContextFor(services.config, services.log);
    const results = await importPacsSeriesList(services.db, ctx, {
      ...body,
      projectId: project.id,
      userId: user.id,
      sourceId: params.sourceId,
      storageDir: services.config.storageDir,
      maxPixels: services.config.IMPORT_MAX_PIXELS,
      workers: services.config.IMPORT_WORKERS,
    });
    services.afterLabels?.(project.id);
    return results;
  },
);
