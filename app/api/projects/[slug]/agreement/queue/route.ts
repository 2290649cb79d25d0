import { route } from '@/server/http/route';
import { listAdjudicationQueue } from '@/server/use-cases/list-adjudication-queue';

/** The scans the training rule excludes, with the readers' labels side by side. */
export const GET = route<{ slug: string }>(
  { project: true, role: 'CLINICIAN' },
  async ({ services, project, user, role }) => listAdjudicationQueue(services.db, project, { id: user.id, role }),
);
