import { route } from '@/server/http/route';
import { pacsContextFor } from '@/server/pacs/pacs-context';
import { queryPacsSeries } from '@/server/use-cases/query-pacs-series';

/** The series on the PACS matching the source's filter (QIDO-RS), with what is imported of each. */
export const GET = route<{ slug: string; sourceId: string }>(
  { project: true, role: 'LEAD' },
  async ({ params, services, project }) => {
    const ctx = pacsContextFor(services.config, services.log);
    return queryPacsSeries(services.db, ctx, { projectId: project.id, sourceId: params.sourceId });
  },
);
