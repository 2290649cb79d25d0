import type { ModelKind } from '@/lib/models/configs';
import type { SimulationPoint } from '@/lib/simulation/schemas';
import type { Strategy } from '@/lib/strategies';
import type { BackendChoice } from '@/trainer/backend/choose-backend';
import type { PreparedInputCache } from '@/trainer/data/image-source';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import type { TrainingProgress } from '@/trainer/train/types';

export interface SimulationOptions {
  strategies: Strategy[];
  /** One run per strategy per seed; a seed fixes the seed set and every model's initial weights. */
  seeds: number[];
  seedLabels: number;
  /** Scans the oracle labels per round. */
  batch: number;
  /** Query rounds after the seed set (each run is evaluated rounds + 1 times). */
  rounds: number;
  model: ModelKind;
  /** The model kind's variant (lib/models/configs), e.g. resnet50 'frozen'; default: the kind's default. */
  variant?: string;
  imageSize: number;
  /** Epochs per round (early stopping on the labelled validation part may stop sooner). */
  epochs: number;
  patience: number;
  /** Share of every answered batch kept for validation (early stopping, temperature). */
  validationFraction: number;
  /** MC-dropout passes on the pool for strategies that read them (bald). */
  mcDropoutPasses: number;
  /** Models of `model`, differing in seed, that form the committee of committee strategies (2 or 3). */
  committeeSize: number;
  /** Copy the previous round's weights before training, as the real loop does. */
  warmStart: boolean;
  /** One part of an experiment that simulate-merge completes: random may be absent, no summary. */
  part?: boolean;
  backend: BackendChoice;
  preparedCache?: PreparedInputCache;
  /** resnet50 backbone features (a disk cache lets parallel parts share them); in memory for the process when absent. */
  featureCache?: FeatureCache;
  onProgress?: (e: SimulationProgress) => void;
}

export interface SimulationProgress {
  strategy: string;
  seed: number;
  round: number;
  rounds: number;
  labels: number;
  /** 'evaluated' comes once per round, with the round's point. */
  step: 'train' | 'score' | 'evaluated';
  member?: number;
  members?: number;
  training?: TrainingProgress;
  point?: SimulationPoint;
}

/** Where one round's time went. */
export interface RoundTiming {
  strategy: string;
  seed: number;
  round: number;
  labels: number;
  /** All committee members together. */
  trainSeconds: number;
  /** Predicting the pool and ranking it (0 after the last round, and for random). */
  scoreSeconds: number;
  epochs: number;
}
