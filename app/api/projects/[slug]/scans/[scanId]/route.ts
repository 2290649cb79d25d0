import { route } from '@/server/http/route';
import { getScanState } from '@/server/use-cases/get-scan-state';

/** One scan's labels and predictions as the signed-in user may see them (blind mode applied). */
export const GET = route<{ slug: string; scanId: string }>(
  { project: true },
  ({ services, project, user, role, params }) =>
    getScanState(services.db, { projectId: project.id, scanId: params.scanId, user: { id: user.id, role } }),
);
