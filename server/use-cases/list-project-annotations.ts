import type { Annotation } from '@/lib/labels/annotation';
import type { Db } from '@/server/db/client';
import { annotationSelect, toAnnotation } from './list-scan-annotations';

/** Every annotation row of a project, in commit order (the full, append-only history). */
export async function listProjectAnnotations(db: Db, projectId: string): Promise<Annotation[]> {
  const rows = await db.annotation.findMany({
    where: { projectId },
    orderBy: { seq: 'asc' },
    select: annotationSelect,
  });
  return rows.map(toAnnotation);
}
