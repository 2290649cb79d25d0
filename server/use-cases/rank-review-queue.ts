import type { ModelKind } from '@/lib/schemas/project';
import { MUTUAL_INFORMATION_SCORE } from '@/lib/strategies/bald';
import { findSuspectedLabelErrors } from '@/lib/strategies/suspected-errors';
import { getStrategyOrThrow } from '@/lib/strategies/registry';
import type { ScanScores, StrategyNeed } from '@/lib/strategies/types';
import type { Db } from '@/server/store/handle';
import { findActiveReadyModelVersionKinds, findPredictionsOf, findScoresOf } from '@/server/store/models';
import { findScansLastServedAt } from '@/server/store/queue';
import { readEmbeddings } from '@/server/storage/embedding-store';
import { listScansNeedingReads } from './list-scans-needing-reads';
import { replaceQueue, saveScores } from './replace-queue';

type Project = { id: string; labels: string[]; readsPerScan: number; strategy: string };

/**
 * Stored scores of the active versions for some scans, shaped for the strategies: probabilities
 * always, MC-dropout passes (with their stored mutual information) and embeddings only for a
 * strategy that needs them, as reading them is most of a ranking's time.
 */
async function loadScanScores(
  db: Db,
  storageDir: string,
  projectId: string,
  scans: { id: string; lastServedAt: Date | null }[],
  needs: readonly StrategyNeed[],
) {
  const versions = await findActiveReadyModelVersionKinds(db, projectId);
  const withPasses = needs.includes('mcSamples');
  const preds = await findPredictionsOf(db, {
    modelVersionIds: versions.map((v) => v.id),
    scanIds: scans.map((s) => s.id),
    mcSamples: withPasses,
  });
  const embeddings = needs.includes('embedding')
    ? await readEmbeddings(
        storageDir,
        preds.map((p) => p.embeddingRef),
      )
    : [];
  // The mutual information the scoring job stored once per (version, scan), for BALD.
  const stored = withPasses
    ? await findScoresOf(db, {
        measure: MUTUAL_INFORMATION_SCORE,
        versionKeys: versions.map((v) => v.id),
        scanIds: scans.map((s) => s.id),
      })
    : [];
  const miOf = new Map(stored.map((s) => [`${s.versionKey}/${s.scanId}`, s.value]));
  const kindOf = new Map(versions.map((v) => [v.id, v.kind as ModelKind]));
  const byScan = new Map<string, ScanScores>(
    scans.map((s) => [s.id, { scanId: s.id, lastServedAt: s.lastServedAt?.getTime() ?? null, byModel: {} }]),
  );
  preds.forEach((p, i) => {
    byScan.get(p.scanId)!.byModel[kindOf.get(p.modelVersionId)!] = {
      probabilities: p.probabilities,
      mcSamples: (p.mcSamples as number[][] | null) ?? undefined,
      mutualInformation: miOf.get(`${p.modelVersionId}/${p.scanId}`),
      embedding: embeddings[i],
    };
  });
  return { scores: [...byScan.values()], versionIds: versions.map((v) => v.id) };
}

/**
 * Ranks the scans that still need reads with the project's strategy (a strategy only ranks
 * stored scores; see docs/ARCHITECTURE.md, "Strategies and scores") and publishes the new REVIEW queue with its reasons.
 */
export async function rankReviewQueue(
  db: Db,
  storageDir: string,
  project: Project,
  opts: { batchSize?: number; seed?: number } = {},
) {
  const strategy = getStrategyOrThrow(project.strategy);
  const needing = await listScansNeedingReads(db, project);
  const { scores, versionIds } = await loadScanScores(db, storageDir, project.id, needing, strategy.needs);
  const t0 = performance.now();
  const ranked = strategy.rank(scores, {
    batchSize: opts.batchSize ?? 50,
    seed: opts.seed ?? 1,
    labels: project.labels,
  });
  const rankMs = performance.now() - t0;
  if (versionIds.length > 0) {
    await saveScores(db, {
      projectId: project.id,
      measure: strategy.name,
      modelVersionIds: versionIds,
      scores: ranked.map((r) => ({ scanId: r.scanId, value: r.score })),
    });
  }
  const { generation } = await replaceQueue(db, {
    projectId: project.id,
    queue: 'REVIEW',
    strategy: strategy.name,
    entries: ranked.map((r) => ({ scanId: r.scanId, rank: r.rank, score: r.score, reason: r.reason })),
  });
  return { ranked: ranked.length, generation, rankMs, top: ranked.slice(0, 10) };
}

/** Labelled scans whose label the models confidently contradict → the clinicians' review queue. */
export async function rankSuspectedErrors(
  db: Db,
  storageDir: string,
  project: Project,
  labelled: { scanId: string; label: string }[],
) {
  const scans = await findScansLastServedAt(
    db,
    labelled.map((l) => l.scanId),
  );
  // Suspected errors read the kinds' probabilities only.
  const { scores } = await loadScanScores(db, storageDir, project.id, scans, ['probabilities']);
  const labelOf = new Map(labelled.map((l) => [l.scanId, project.labels.indexOf(l.label)]));
  const found = findSuspectedLabelErrors(
    scores.map((s) => ({ scanId: s.scanId, consensusLabelIndex: labelOf.get(s.scanId) ?? -1, byModel: s.byModel })),
    { labels: project.labels },
  );
  await replaceQueue(db, {
    projectId: project.id,
    queue: 'SUSPECTED_ERROR',
    strategy: 'suspected-errors',
    entries: found.map((f, i) => ({ scanId: f.scanId, rank: i + 1, score: f.confidence, reason: f.reason })),
  });
  return { suspected: found.length };
}
