import type { ModelKind } from '@/lib/schemas/project';
import type { PredictionView } from '@/lib/realtime/protocol';
import type { Db } from '@/server/db/client';

const kindOrder: ModelKind[] = ['CNN', 'RESNET', 'RESNET50'];

/** The scan's predictions by the project's active model versions, one per model kind. */
export async function listScanPredictions(db: Db, projectId: string, scanId: string): Promise<PredictionView[]> {
  const rows = await db.$queryRaw<PredictionView[]>`
    SELECT p.id, p."modelVersionId", mv.kind::text AS kind, mv.version, p.probabilities
    FROM "Prediction" p JOIN "ModelVersion" mv ON mv.id = p."modelVersionId"
    WHERE p."scanId" = ${scanId} AND mv."projectId" = ${projectId} AND mv.active`;
  return rows.sort((a, b) => kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind));
}
