import type { Db } from '@/server/store/handle';
import { insertEvaluatedScans } from '@/server/store/models';

export interface EvaluatedScanInput {
  scanId: string;
  split: 'VALIDATION' | 'TEST';
  trueLabel: string;
  predictedLabel: string;
}

/** Records which held-out scans a model version was evaluated on, and how it labelled each. */
export async function saveEvaluatedScans(db: Db, modelVersionId: string, rows: readonly EvaluatedScanInput[]) {
  await insertEvaluatedScans(
    db,
    rows.map((r) => ({ modelVersionId, ...r })),
  );
}
