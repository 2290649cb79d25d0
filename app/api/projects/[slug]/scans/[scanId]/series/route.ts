import { route } from '@/server/http/route';
import { listSeriesSlices } from '@/server/use-cases/list-series-slices';

/** The stack the scan is read in: its series' scans in reading order and where it sits among them. */
export const GET = route<{ slug: string; scanId: string }>({ project: true }, ({ services, project, params }) =>
  listSeriesSlices(services.db, { projectId: project.id, scanId: params.scanId }),
);
