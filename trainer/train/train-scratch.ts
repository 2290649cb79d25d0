import type * as tf from '@tensorflow/tfjs';
import type { ModelConfig } from '@/lib/models/configs';
import { inputShape } from '@/trainer/data/prepare';
import { buildCnn } from '@/trainer/models/cnn';
import { buildResNet } from '@/trainer/models/resnet';
import { assignWeightsByName, namedWeights } from '@/trainer/models/named-weights';
import type { FamilyTrainInput, FamilyTrainResult } from './family';
import { fitClassifier } from './fit';
import { predictLogits } from './predict-logits';

type ScratchConfig = Extract<ModelConfig, { kind: 'cnn' | 'resnet' }>;

export function buildScratchModel(
  config: ScratchConfig,
  shape: [number, number, number],
  classCount: number,
): tf.LayersModel {
  const common = { inputShape: shape, classCount, dropout: config.training.dropout, seed: config.training.seed };
  return config.kind === 'cnn'
    ? buildCnn({ ...common, architecture: config.architecture })
    : buildResNet({ ...common, architecture: config.architecture });
}

/** cnn and resnet: trained end to end on augmented images. */
export async function trainScratch(input: FamilyTrainInput<ScratchConfig>): Promise<FamilyTrainResult> {
  const { config, rng } = input;
  const model = buildScratchModel(config, inputShape(input.spec), input.classCount);
  if (input.warmStart) assignWeightsByName(model, namedWeights(input.warmStart));
  const t = config.training;
  // A warm start refines the active version: a few epochs at a lower rate (lib/models/configs).
  const warm = input.warmStart !== undefined;
  const history = await fitClassifier({
    kind: config.kind,
    phase: 'train',
    model,
    train: input.sources.train,
    validation: input.sources.validation,
    epochs: warm ? Math.min(t.epochs, t.warmStartEpochs) : t.epochs,
    batchSize: t.batchSize,
    learningRate: warm ? (t.warmStartLearningRate ?? t.learningRate / 3) : t.learningRate,
    patience: t.patience,
    classWeights: input.classWeights,
    bnTraining: true,
    augmentation: t.augmentation,
    rng,
    onProgress: input.onProgress,
    signal: input.signal,
  });
  return {
    model,
    history,
    logits: {
      validation: predictLogits(model, input.sources.validation),
      calibration: predictLogits(model, input.sources.calibration),
      test: predictLogits(model, input.sources.test),
    },
    featuresMs: 0,
  };
}
