import { route } from '@/server/http/route';
import { listTrainingJobs } from '@/server/use-cases/list-training-jobs';

/** Polled by the dashboard for the live job's progress. */
export const GET = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ services, project }) => {
  return listTrainingJobs(services.db, project.id);
});
