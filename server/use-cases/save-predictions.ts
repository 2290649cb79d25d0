import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';

export interface NewPrediction {
  scanId: string;
  probabilities: number[];
  mcSamples?: number[][];
  embeddingRef?: string;
}

/** Model outputs keyed by version: computed once per (version, scan); never labels. */
export async function savePredictions(db: Db, modelVersionId: string, predictions: NewPrediction[]): Promise<number> {
  const { count } = await db.prediction.createMany({
    data: predictions.map((p) => ({
      modelVersionId,
      scanId: p.scanId,
      probabilities: p.probabilities,
      mcSamples: p.mcSamples as Prisma.InputJsonValue | undefined,
      embeddingRef: p.embeddingRef,
    })),
    skipDuplicates: true,
  });
  return count;
}

/** Scans of a set that a version has already scored (so scoring is never repeated). */
export async function listPredictedScanIds(db: Db, modelVersionId: string, scanIds: string[]): Promise<Set<string>> {
  const rows = await db.prediction.findMany({ where: { modelVersionId, scanId: { in: scanIds } }, select: { scanId: true } });
  return new Set(rows.map((r) => r.scanId));
}
