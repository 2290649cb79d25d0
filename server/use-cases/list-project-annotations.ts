import type { Annotation } from '@/lib/labels/annotation';
import { findProjectAnnotations } from '@/server/store/annotations';
import type { Db } from '@/server/store/handle';
import { toAnnotation } from './list-scan-annotations';

/** Every annotation row of a project, in commit order (the full, append-only history). */
export async function listProjectAnnotations(db: Db, projectId: string): Promise<Annotation[]> {
  const rows = await findProjectAnnotations(db, projectId);
  return rows.map(toAnnotation);
}
