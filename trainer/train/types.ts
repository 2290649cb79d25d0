import type { ModelKind } from '@/lib/models/configs';

/** Examples held as flat Float32Arrays (images HWC, or cached backbone features) with class indices. */
export interface ExampleSource {
  /** Shape of one example, e.g. [128, 128, 3] or [2048]. */
  shape: number[];
  labels: number[];
  get(i: number): Float32Array;
}

export type TrainingPhase = 'train' | 'head' | 'fine-tune';

/** One progress report per batch (and one after each epoch's validation). */
export interface TrainingProgress {
  kind: ModelKind;
  phase: TrainingPhase;
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of the epoch so far. */
  loss: number;
  metrics: { valLoss?: number; valAccuracy?: number };
}

export type ProgressCallback = (p: TrainingProgress) => void;

export type { EpochRecord } from '@/lib/models/model-card';
