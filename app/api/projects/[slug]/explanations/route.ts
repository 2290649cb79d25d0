import { AppError } from '@/lib/errors/app-error';
import { readJson, route } from '@/server/http/route';
import { explanationKeySchema } from '@/server/use-cases/get-explanation';
import { requestExplanation } from '@/server/use-cases/request-explanation';

/** Asks for the Grad-CAM of { modelVersionId, scanId }: the cached one, or queued ('explanation.ready' follows). */
export const POST = route<{ slug: string }>({ project: true }, async ({ req, services, project, user, role }) => {
  if (!services.jobs) throw new AppError({ code: 'UNSUPPORTED', message: 'This server runs without the job queue.' });
  const key = explanationKeySchema.parse(await readJson(req));
  return requestExplanation(
    { db: services.db, ...services.jobs, storageDir: services.config.storageDir },
    { ...key, projectId: project.id, viewer: { id: user.id, role } },
  );
});
