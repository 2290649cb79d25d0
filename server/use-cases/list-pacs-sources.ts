import type { PacsSourceView } from '@/lib/pacs/source-view';
import type { Db } from '@/server/store/handle';
import { listPacsSourcesWithCounts } from '@/server/store/pacs';
import { toSourceView } from '@/server/pacs/to-source-view';

export async function listPacsSources(db: Db, projectId: string): Promise<PacsSourceView[]> {
  const rows = await listPacsSourcesWithCounts(db, projectId);
  return rows.map(toSourceView);
}
