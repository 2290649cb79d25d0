import type { Db } from '@/server/db/client';
import { createInChunks } from '@/server/db/create-in-chunks';

export interface EvaluatedScanInput {
  scanId: string;
  split: 'VALIDATION' | 'TEST';
  trueLabel: string;
  predictedLabel: string;
}

/** Records which held-out scans a model version was evaluated on, and how it labelled each. */
export async function saveEvaluatedScans(db: Db, modelVersionId: string, rows: readonly EvaluatedScanInput[]) {
  await createInChunks(
    rows.map((r) => ({ modelVersionId, ...r })),
    (data) => db.evaluatedScan.createMany({ data, skipDuplicates: true }),
  );
}
