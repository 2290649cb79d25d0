import { dashboardQuerySchema } from '@/lib/dashboard/queries';
import { route } from '@/server/http/route';
import { getProjectDashboard } from '@/server/use-cases/get-project-dashboard';

export const GET = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ req, services, project }) => {
  const query = dashboardQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return getProjectDashboard(services.db, project, { ...query, storageDir: services.config.storageDir });
});
