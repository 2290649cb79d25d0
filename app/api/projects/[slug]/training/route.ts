import { AppError } from '@/lib/errors/app-error';
import { route } from '@/server/http/route';
import { currentTrainingLabels } from '@/server/use-cases/compute-training-labels';
import { requestTraining } from '@/server/use-cases/request-training';

/** A lead starts a training run by hand (one open job per project, as for the threshold). */
export const POST = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ services, user, project }) => {
  if (!services.jobs) throw new AppError({ code: 'UNSUPPORTED', message: 'This server runs without the job queue.' });
  const { usableCount } = await currentTrainingLabels(services.db, project);
  if (usableCount === 0)
    throw new AppError({ code: 'BAD_REQUEST', message: 'No scan has a training-usable label yet.' });
  return requestTraining(services.jobs, {
    projectId: project.id,
    trigger: 'MANUAL',
    requestedById: user.id,
    labelCount: usableCount,
  });
});
