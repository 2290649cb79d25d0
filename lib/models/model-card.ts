import { z } from 'zod';
import { classificationReportSchema } from '@/lib/metrics/report';
import { modelConfigSchema, modelKindSchema } from './configs';

export const resolvedInputModeSchema = z.enum(['grey', 'grey-rgb', 'ct-windows']);

export const epochRecordSchema = z.object({
  phase: z.enum(['train', 'head', 'fine-tune']),
  epoch: z.number().int(),
  loss: z.number(),
  /** null when there was no validation data (then the training loss was monitored). */
  valLoss: z.number().nullable(),
  valAccuracy: z.number().nullable(),
  seconds: z.number(),
  imagesPerSecond: z.number(),
  /** tf.memory().numTensors after the epoch: equal across epochs when nothing leaks. */
  numTensors: z.number().int(),
});
export type EpochRecord = z.infer<typeof epochRecordSchema>;

export const trainingTimingsSchema = z.object({
  prepareMs: z.number(),
  /** resnet50: backbone features computed (cache misses) or read. */
  featuresMs: z.number(),
  trainMs: z.number(),
  evaluateMs: z.number(),
  totalMs: z.number(),
});
export type TrainingTimings = z.infer<typeof trainingTimingsSchema>;

/**
 * The JSON saved next to every artifact and stored on its ModelVersion: enough to
 * preprocess new scans exactly as in training, read the outputs, and judge the model.
 */
export const modelCardSchema = z.object({
  format: z.literal(1),
  kind: modelKindSchema,
  /** Resolved hyper-parameters (variant, architecture, preprocessing, training). */
  config: modelConfigSchema,
  labels: z.array(z.string()).min(2),
  normalLabels: z.array(z.string()),
  preprocessing: z.object({
    imageSize: z.number().int().positive(),
    inputMode: resolvedInputModeSchema,
    channels: z.union([z.literal(1), z.literal(3)]),
    /** Resize with padding, then CT windows / 8-bit /255 / MR robust range to [0, 1] (trainer/data). */
    normalisation: z.literal('per-modality-v1'),
  }),
  head: z.object({
    embeddingLayer: z.string(),
    logitsLayer: z.string(),
    featureCount: z.number().int().positive(),
    dropoutRate: z.number().min(0).max(1),
  }),
  /** Temperature fitted on validation logits; predicted probabilities are softmax(logits / T). */
  temperature: z.number().positive(),
  backend: z.string(),
  threads: z.number().int().positive(),
  resnet50Weights: z.object({ id: z.string(), source: z.string() }).optional(),
  exampleCounts: z.object({
    train: z.number().int(),
    validation: z.number().int(),
    // Kept apart from early stopping to fit the temperature (absent in older cards).
    calibration: z.number().int().default(0),
    test: z.number().int(),
  }),
  /**
   * 'held-out': the validation metrics and the temperature come from scans kept out of training.
   * 'cross-fitted': a head fitted exactly on frozen ResNet50 features trains on every scan, and
   * both come from its inner folds' predictions of the scans each fold held out.
   */
  validationScheme: z.enum(['held-out', 'cross-fitted']).default('held-out'),
  /**
   * ResNet50 stage-5 fine-tuning: the validation loss of the fitted head alone and of each learning
   * rate tried from it; `chosen` is the kept run's rate, null when the head alone was kept.
   */
  fineTuneSearch: z
    .object({
      headValLoss: z.number().nullable(),
      runs: z.array(z.object({ learningRate: z.number(), valLoss: z.number().nullable(), epochs: z.number().int() })),
      chosen: z.number().nullable(),
    })
    .optional(),
  metrics: z.object({ validation: classificationReportSchema, test: classificationReportSchema.optional() }),
  history: z.array(epochRecordSchema),
  timings: trainingTimingsSchema,
  trainedAt: z.string(),
  tfjsVersion: z.string(),
});
export type ModelCard = z.infer<typeof modelCardSchema>;
