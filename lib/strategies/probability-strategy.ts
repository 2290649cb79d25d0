import { createProbabilityReader } from './model-probabilities';
import { rankByScore, type ScoreSpec } from './rank-by-score';
import { createPhrases, type Phrases } from './reason';
import type { ScanScores, Strategy, StrategyContext } from './types';

export interface ExplainArgs {
  score: number;
  values: Float64Array;
  length: number;
  /** "CNN" or "mean of CNN, RESNET". */
  source: string;
  phrases: Phrases;
}

export interface ProbabilityStrategyDef {
  name: string;
  title: string;
  description: string;
  /** Uncertainty of one probability vector; higher = more worth a read. */
  measure(p: Float64Array, length: number): number;
  explain(args: ExplainArgs): string;
}

/** The scoring of a single-model strategy, for strategies that build on one. */
export function probabilitySpec(def: ProbabilityStrategyDef, ctx: StrategyContext): ScoreSpec {
  const reader = createProbabilityReader(ctx);
  const phrases = createPhrases(ctx.labels);
  return {
    score(scan) {
      const k = reader.read(scan);
      return k === 0 ? Number.NaN : def.measure(reader.values, k);
    },
    explain: (_scan, score) =>
      def.explain({ score, values: reader.values, length: reader.length, source: reader.source(), phrases }),
    missing: (scan) => reader.missing(scan),
  };
}

/** A single-model strategy: one uncertainty measure over the chosen probabilities. */
export function probabilityStrategy(def: ProbabilityStrategyDef): Strategy {
  return {
    name: def.name,
    title: def.title,
    description: def.description,
    needs: ['probabilities'],
    rank: (scans: readonly ScanScores[], ctx: StrategyContext) => rankByScore(scans, probabilitySpec(def, ctx)),
  };
}
