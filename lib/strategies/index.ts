/** The public face of the active-learning strategies. */
export { getStrategyOrThrow, isStrategyName, listStrategies, strategies, strategyNameSchema } from './registry';
export { MUTUAL_INFORMATION_SCORE } from './bald';
export { rankStoredScores, type StoredScore } from './rank-by-score';
export {
  findSuspectedLabelErrors,
  suspectedErrorOptionsSchema,
  type LabelledScanScores,
  type SuspectedErrorOptions,
  type SuspectedLabelError,
} from './suspected-errors';
export {
  modelKinds,
  strategyContextSchema,
  type ModelKind,
  type ModelScores,
  type RankedScan,
  type ScanScores,
  type Strategy,
  type StrategyContext,
  type StrategyNeed,
} from './types';
