import { route } from '@/server/http/route';
import { listProjectScans } from '@/server/use-cases/list-project-scans';

/** The project's scans with label summaries for the signed-in user (blind mode applied). */
export const GET = route<{ slug: string }>({ project: true }, ({ services, project, user, role }) =>
  listProjectScans(services.db, { projectId: project.id, user: { id: user.id, role } }),
);
