import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '@/lib/models/configs';
import type { ModelCard } from '@/lib/models/model-card';
import type { Rng } from '@/lib/random';
import type { PreparedInputSpec } from '@/trainer/data/prepare';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import type { EpochRecord, ExampleSource, ProgressCallback } from './types';

/** validation: early stopping; calibration: the temperature (never seen by training or early stopping). */
export type SplitName = 'train' | 'validation' | 'calibration' | 'test';

/** What trainModel hands a family trainer (cnn/resnet from scratch, or resnet50 transfer). */
export interface FamilyTrainInput<C extends ModelConfig = ModelConfig> {
  config: C;
  classCount: number;
  spec: PreparedInputSpec;
  sources: Record<SplitName, ExampleSource>;
  keys: Record<SplitName, string[]>;
  classWeights: number[] | null;
  rng: Rng;
  /** Weights copied by layer name before training (layers whose shapes differ are skipped). */
  warmStart?: tf.LayersModel;
  resnet50?: { weightsSource?: string; cache: FeatureCache };
  onProgress?: ProgressCallback;
  onFeatures?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

export interface FamilyTrainResult {
  /** Full classifier from prepared image input to logits. */
  model: tf.LayersModel;
  history: EpochRecord[];
  /** Logits of the held-out examples (resnet50 computes them from cached features). */
  logits: { validation: number[][]; calibration: number[][]; test: number[][] };
  /**
   * Held-out logits of every training example from the inner folds of a head fitted exactly
   * (cross-fitting): they stand in for validation and calibration, which are then empty.
   */
  outOfFold?: number[][];
  featuresMs: number;
  resnet50Weights?: { id: string; source: string };
  fineTuneSearch?: ModelCard['fineTuneSearch'];
}
