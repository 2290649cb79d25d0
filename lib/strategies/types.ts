import { z } from 'zod';
import { modelKindSchema, type ModelKind } from '@/lib/schemas/model-kind';

export type { ModelKind };
/** Committee members and mean-of-kinds reads follow this order (Prisma's ModelKind enum). */
export const modelKinds: readonly ModelKind[] = modelKindSchema.options;

/** What one model version said about one scan (stored scores, never a label). */
export interface ModelScores {
  /** In the project's label order; sums to 1. */
  probabilities: number[];
  /** One probability vector per MC-dropout pass, when the strategy needs them. */
  mcSamples?: number[][];
  /**
   * BALD's mutual information of mcSamples (nats), stored once per (version, scan) by the
   * scoring job; when absent, BALD computes it from mcSamples.
   */
  mutualInformation?: number;
  /** Penultimate-layer features, for diversity-aware batches. */
  embedding?: number[];
}

/** The input of every strategy: one row per scan that still needs reads. */
export interface ScanScores {
  scanId: string;
  /** Milliseconds since the epoch; null = never served. Ties go to the least recent. */
  lastServedAt: number | null;
  byModel: Partial<Record<ModelKind, ModelScores>>;
}

export const strategyContextSchema = z.object({
  /** How many scans one round hands out (the diverse strategy's batch). */
  batchSize: z.int().positive().optional(),
  /** Seed for the random strategy; the same seed gives the same ranking. */
  seed: z.int().optional(),
  /**
   * The one model a single-model strategy reads. Without it, single-model strategies
   * read the mean of the available kinds' probabilities (a small ensemble).
   */
  modelKind: modelKindSchema.optional(),
  /** Class names in the project's label order, for the reasons shown to clinicians. */
  labels: z.array(z.string()).optional(),
});
export type StrategyContext = z.infer<typeof strategyContextSchema>;

/** One row of the ranked queue. */
export interface RankedScan {
  scanId: string;
  /** 1-based. */
  rank: number;
  /**
   * Higher = more worth a read (so margin reports 1 - margin). Scans lacking what
   * the strategy needs get 0 and come last; their reason says so.
   */
  score: number;
  /** Why the scan was picked, readable by a clinician. */
  reason: string;
}

export type StrategyNeed = 'probabilities' | 'mcSamples' | 'embedding' | 'committee';

/** A strategy only ranks (docs/ARCHITECTURE.md, "Strategies and scores"): a pure function of stored scores. */
export interface Strategy {
  name: string;
  title: string;
  description: string;
  needs: StrategyNeed[];
  rank(scans: readonly ScanScores[], ctx: StrategyContext): RankedScan[];
}
