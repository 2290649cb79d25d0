import { entropyDef } from './entropy';
import { kCenterGreedy, type KCenterPick } from './k-center';
import { sortedOrder } from './order';
import { probabilitySpec } from './probability-strategy';
import { emitRanking, scoreAll, type ScoredScans, type ScoreSpec } from './rank-by-score';
import { twoDecimals } from './reason';
import { modelKinds, type ModelKind, type ScanScores, type Strategy, type StrategyContext } from './types';

export const DEFAULT_BATCH_SIZE = 10;
/** k-center runs over the most uncertain batchSize * POOL_FACTOR scans with embeddings. */
export const POOL_FACTOR = 10;

interface CandidatePool {
  /** Input indices, most uncertain first. */
  indices: number[];
  points: Float64Array;
  weights: Float64Array;
  dim: number;
}

/**
 * Diversity-aware batches: the first batchSize scans are chosen by uncertainty-weighted
 * k-center greedy over model embeddings, the rest follow by entropy. Uncertainty is the
 * entropy of the probabilities a single-model strategy would read. Embeddings come from
 * ctx.modelKind, else from the kind that embedded the most scans (features of different
 * kinds are not comparable). Without embeddings this is plain entropy ranking.
 */
export const diverse: Strategy = {
  name: 'diverse',
  title: 'Diverse batch (k-center)',
  description:
    'A batch of uncertain scans that are unlike each other (uncertainty-weighted k-center greedy over model embeddings), so readers do not label near-duplicates; after the batch, scans follow by entropy.',
  needs: ['probabilities', 'embedding'],
  rank(scans, ctx) {
    const embedded = new Uint32Array(modelKinds.length);
    const scored = scoreAll(scans, countingEmbeddings(probabilitySpec(entropyDef, ctx), embedded));
    const order = sortedOrder(scored.keys);
    const kind = ctx.modelKind ?? mostEmbedded(embedded);
    const pool = kind ? candidatePool(scans, order, scored.raw, kind, batchSizeOf(ctx) * POOL_FACTOR) : undefined;
    if (!kind || !pool) {
      noteNoDiversity(scored, kind);
      return emitRanking(order, scored);
    }
    const picks = kCenterGreedy(pool.points, pool.dim, pool.weights, batchSizeOf(ctx));
    const batch = picks.map((pick) => pool.indices[pick.row]);
    picks.forEach((pick, position) => {
      const i = batch[position];
      scored.reasons[i] =
        `batch pick ${position + 1} of ${picks.length}, ${pickPhrase(pick, kind)}; ${scored.reasons[i]}`;
    });
    return emitRanking(batchFirst(order, batch), scored);
  },
};

function batchSizeOf(ctx: StrategyContext): number {
  return ctx.batchSize ?? DEFAULT_BATCH_SIZE;
}

function noteNoDiversity(scored: ScoredScans, kind: ModelKind | undefined): void {
  const note = ` (no ${kind ?? 'model'} embeddings yet, so no diversity)`;
  for (let i = 0; i < scored.raw.length; i++) if (Number.isFinite(scored.raw[i])) scored.reasons[i] += note;
}

function pickPhrase(pick: KCenterPick, kind: ModelKind): string {
  return Number.isFinite(pick.distance)
    ? `unlike the earlier picks (${kind} feature distance ${twoDecimals(pick.distance)})`
    : `the most uncertain scan with ${kind} features`;
}

/** Tallies, per modelKinds index, the scans with embeddings during the scoring pass. */
function countingEmbeddings(spec: ScoreSpec, counts: Uint32Array): ScoreSpec {
  return {
    ...spec,
    score(scan) {
      for (let k = 0; k < modelKinds.length; k++) if (scan.byModel[modelKinds[k]]?.embedding?.length) counts[k]++;
      return spec.score(scan);
    },
  };
}

/** Features of different kinds are not comparable: use the kind that embedded the most scans. */
function mostEmbedded(counts: Uint32Array): ModelKind | undefined {
  let best = -1;
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0 && (best < 0 || counts[k] > counts[best])) best = k;
  return best < 0 ? undefined : modelKinds[best];
}

function candidatePool(
  scans: readonly ScanScores[],
  order: Uint32Array,
  raw: Float64Array,
  kind: ModelKind,
  size: number,
): CandidatePool | undefined {
  const indices: number[] = [];
  let dim = 0;
  for (let r = 0; r < order.length && indices.length < size; r++) {
    const embedding = scans[order[r]].byModel[kind]?.embedding;
    if (!Number.isFinite(raw[order[r]]) || !embedding?.length) continue;
    if (dim === 0) dim = embedding.length;
    if (embedding.length === dim) indices.push(order[r]);
  }
  if (indices.length === 0) return undefined;
  const points = new Float64Array(indices.length * dim);
  const weights = new Float64Array(indices.length);
  indices.forEach((scanIndex, row) => {
    points.set(scans[scanIndex].byModel[kind]?.embedding ?? [], row * dim);
    weights[row] = raw[scanIndex];
  });
  return { indices, points, weights, dim };
}

/** The batch in pick order, then every other scan in its ranked order. */
function batchFirst(order: Uint32Array, batch: number[]): Uint32Array {
  const inBatch = new Uint8Array(order.length);
  const out = new Uint32Array(order.length);
  batch.forEach((index, position) => {
    inBatch[index] = 1;
    out[position] = index;
  });
  let w = batch.length;
  for (const index of order) if (!inBatch[index]) out[w++] = index;
  return out;
}
