import { confusionCellQuerySchema } from '@/lib/dashboard/queries';
import { route } from '@/server/http/route';
import { getConfusionCellScans } from '@/server/use-cases/get-confusion-cell-scans';

export const GET = route<{ slug: string }>({ project: true, role: 'LEAD' }, async ({ req, services, project }) => {
  const q = confusionCellQuerySchema.parse(Object.fromEntries(new URL(req.url).searchParams));
  return getConfusionCellScans(services.db, project, { versionId: q.version, trueLabel: q.true, predLabel: q.pred });
});
