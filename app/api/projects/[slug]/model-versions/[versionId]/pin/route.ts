import { route } from '@/server/http/route';
import { setModelPin } from '@/server/use-cases/set-model-pin';

/** A lead pins a version: it becomes its kind's active model and stays so until unpinned. */
export const POST = route<{ slug: string; versionId: string }>(
  { project: true, role: 'LEAD' },
  ({ services, user, project, params }) =>
    setModelPin(services.db, { projectId: project.id, versionId: params.versionId, pinned: true, actorId: user.id }),
);

/** A lead unpins a version: the next training may replace it again. */
export const DELETE = route<{ slug: string; versionId: string }>(
  { project: true, role: 'LEAD' },
  ({ services, user, project, params }) =>
    setModelPin(services.db, { projectId: project.id, versionId: params.versionId, pinned: false, actorId: user.id }),
);
