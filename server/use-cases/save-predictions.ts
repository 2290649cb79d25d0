import { MUTUAL_INFORMATION_SCORE } from '@/lib/strategies/bald';
import { BULK_TRANSACTION } from '@/server/db/create-in-chunks';
import { inTransaction, type Db, type JsonInput } from '@/server/store/handle';
import {
  findModelVersionProjectId,
  findPredictedScanIds,
  insertPredictions,
  insertScores,
} from '@/server/store/models';

export interface NewPrediction {
  scanId: string;
  probabilities: number[];
  mcSamples?: number[][];
  /** BALD's mutual information of mcSamples, stored as this version's Score of the scan. */
  mutualInformation?: number;
  embeddingRef?: string;
}

/**
 * Model outputs keyed by version: computed once per (version, scan); never labels. A
 * prediction's mutual information goes to Score under the version alone, so BALD reads
 * one number per (version, scan) instead of recomputing it from the passes at every ranking.
 */
export async function savePredictions(db: Db, modelVersionId: string, predictions: NewPrediction[]): Promise<number> {
  const withScore = predictions.filter(
    (p) => p.mutualInformation !== undefined && Number.isFinite(p.mutualInformation),
  );
  const { projectId } = await findModelVersionProjectId(db, modelVersionId);
  return inTransaction(
    db,
    async (tx) => {
      const rows = predictions.map((p) => ({
        modelVersionId,
        scanId: p.scanId,
        probabilities: p.probabilities,
        mcSamples: p.mcSamples as JsonInput | undefined,
        embeddingRef: p.embeddingRef,
      }));
      const count = await insertPredictions(tx, rows);
      const scores = withScore.map((p) => ({
        projectId,
        scanId: p.scanId,
        measure: MUTUAL_INFORMATION_SCORE,
        value: p.mutualInformation as number,
        modelVersionIds: [modelVersionId],
        versionKey: modelVersionId,
      }));
      await insertScores(tx, scores);
      return count;
    },
    BULK_TRANSACTION,
  );
}

/** Scans of a set that a version has already scored (so scoring is never repeated). */
export async function listPredictedScanIds(db: Db, modelVersionId: string, scanIds: string[]): Promise<Set<string>> {
  const rows = await findPredictedScanIds(db, modelVersionId, scanIds);
  return new Set(rows.map((r) => r.scanId));
}
