import { parseScanGridQuery } from '@/lib/schemas/scan-grid';
import { route } from '@/server/http/route';
import { listScanGrid } from '@/server/use-cases/list-scan-grid';

/** One page of the scan grid: ?filter, label, split, sort, q, offset, limit (lib/schemas/scan-grid). */
export const GET = route<{ slug: string }>({ project: true }, ({ req, services, project, user, role }) =>
  listScanGrid(services.db, {
    projectId: project.id,
    viewer: { id: user.id, role },
    query: parseScanGridQuery(new URL(req.url).searchParams),
  }),
);
