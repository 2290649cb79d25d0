import type { PacsSourceView } from '@/lib/pacs/source-view';
import type { Db } from '@/server/db/client';
import { toSourceView } from '@/server/pacs/to-source-view';

export async function listPacsSources(db: Db, projectId: string): Promise<PacsSourceView[]> {
  const rows = await db.pacsSource.findMany({
    where: { projectId },
    orderBy: { name: 'asc' },
    include: {
      _count: { select: { series: { where: { state: 'SUCCEEDED' } }, reports: { where: { state: 'SUCCEEDED' } } } },
    },
  });
  return rows.map(toSourceView);
}
