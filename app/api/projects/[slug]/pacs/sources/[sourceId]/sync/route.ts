import { AppError } from '@/lib/errors/app-error';
import { route } from '@/server/http/route';
import { queuePacsSync } from '@/server/jobs/pacs-sync-queue';
import { getPacsSourceOrThrow } from '@/server/use-cases/get-pacs-source-or-throw';

/** "Sync now": queues the source's sync (the page then shows its status as it changes). */
export const POST = route<{ slug: string; sourceId: string }>(
  { project: true, role: 'LEAD' },
  async ({ params, services, project }) => {
    if (!services.jobs) throw new AppError({ code: 'CONFLICT', message: 'This server runs no job queue.' });
    const source = await getPacsSourceOrThrow(services.db, project.id, params.sourceId);
    return { jobId: await queuePacsSync(services.jobs.boss, { projectId: project.id, sourceId: source.id }) };
  },
);
