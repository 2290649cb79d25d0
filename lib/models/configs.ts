import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';

/**
 * Model families are data (docs/ARCHITECTURE.md, "Models"): each family has a table of variants and one
 * zod schema per section; trainer/ builds the network from a resolved ModelConfig.
 */
export const modelKindSchema = z.enum(['cnn', 'resnet', 'resnet50']);
export type ModelKind = z.infer<typeof modelKindSchema>;

/** Layer names every family shares, so prediction, MC dropout and embeddings work the same on all. */
export const headLayerNames = { embedding: 'avg_pool', dropout: 'head_dropout', logits: 'logits' } as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const cnnArchitectureSchema = z.object({
  stemFilters: int(4, 256),
  stemKernel: int(1, 11),
  stemStride: int(1, 4),
  /** Filters of each conv-BN-ReLU-maxpool stage after the stem. */
  stages: z.array(int(4, 1024)).min(1).max(8),
  convsPerStage: int(1, 4),
});

export const resnetArchitectureSchema = z.object({
  /** Basic residual blocks per stage (ResNet-18 is [2, 2, 2, 2]). */
  blocks: z.array(int(1, 16)).min(1).max(6),
  /** Filters of the first stage; each later stage doubles it. */
  width: int(4, 512),
  stemKernel: int(1, 11),
  stemStride: int(1, 4),
  stemPool: z.boolean(),
});

/**
 * The frozen features a ResNet50 head reads: 'stage5-avg' is ImageNet's own head input (stage 5,
 * global average pooling, 2048 values); 'stage4-max' is stage 4's output under global max
 * pooling (1024 values). Mid-level features transfer better to MRI than ImageNet's last stage
 * (docs/benchmarks.md, "Models on real scans"), and max pooling keeps a small lesion's response
 * that an average over the whole slice dilutes.
 */
export const resnet50FeaturesSchema = z.enum(['stage5-avg', 'stage4-max']);
export type ResNet50Features = z.infer<typeof resnet50FeaturesSchema>;

export const resnet50ArchitectureSchema = z
  .object({
    /** Phase 2: unfreeze stage 5 (res5*) and fine-tune it with fineTune.learningRate. */
    fineTuneStage5: z.boolean(),
    /** Older model cards have no such field: they read stage 5's average pool. */
    features: resnet50FeaturesSchema.default('stage5-avg'),
  })
  .refine((a) => !(a.fineTuneStage5 && a.features === 'stage4-max'), {
    message: "fine-tuning stage 5 needs features 'stage5-avg' (a stage-4 head has no stage 5)",
  });

export const cnnVariants = {
  /** Built for throughput on CPU: a 5x5 stride-4 stem, then three conv-BN-ReLU-pool stages. */
  fast: { stemFilters: 24, stemKernel: 5, stemStride: 4, stages: [32, 64, 128], convsPerStage: 1 },
  base: { stemFilters: 24, stemKernel: 3, stemStride: 2, stages: [32, 64, 128, 128], convsPerStage: 1 },
  deep: { stemFilters: 32, stemKernel: 3, stemStride: 2, stages: [32, 64, 128, 256], convsPerStage: 2 },
} satisfies Record<string, z.infer<typeof cnnArchitectureSchema>>;

export const resnetVariants = {
  resnet10: { blocks: [1, 1, 1, 1], width: 16, stemKernel: 5, stemStride: 2, stemPool: true },
  resnet18: { blocks: [2, 2, 2, 2], width: 32, stemKernel: 7, stemStride: 2, stemPool: true },
  resnet34: { blocks: [3, 4, 6, 3], width: 64, stemKernel: 7, stemStride: 2, stemPool: true },
} satisfies Record<string, z.infer<typeof resnetArchitectureSchema>>;

export const resnet50Variants = {
  /** Frozen stages 1-4, a logistic head on stage 4's max pool: the best measured on real MRI. */
  stage4: { fineTuneStage5: false, features: 'stage4-max' },
  /** ImageNet's head input (stage 5's average pool), then stage 5 fine-tuned. */
  finetune: { fineTuneStage5: true, features: 'stage5-avg' },
  /** ImageNet's head input, head only. */
  frozen: { fineTuneStage5: false, features: 'stage5-avg' },
} satisfies Record<string, z.infer<typeof resnet50ArchitectureSchema>>;

export const defaultVariants: Record<ModelKind, string> = { cnn: 'fast', resnet: 'resnet10', resnet50: 'stage4' };

/**
 * Input size per family when none is asked for: ImageNet ResNet50 at its native 224 px (its
 * features at 128 px lose 5 points of accuracy on real MRI); the families trained from scratch
 * at 128 px, where they train several times faster with no loss measured.
 */
export const defaultImageSizes: Record<ModelKind, number> = { cnn: 128, resnet: 128, resnet50: 224 };

export const augmentationSchema = z.object({
  /** Left-right flips: axial brain slices are near-symmetric. */
  flipHorizontal: z.boolean().default(true),
  /** Upside-down anatomy never occurs in the studies' data: off by default. */
  flipVertical: z.boolean().default(false),
  maxRotationDeg: z.number().min(0).max(45).default(10),
  /** Per-image gain in [1 - j, 1 + j] and offset in [-j/2, j/2] on [0, 1] intensities. */
  intensityJitter: z.number().min(0).max(0.5).default(0.1),
});

export const inputModeSchema = z.enum(['auto', 'grey', 'grey-rgb', 'ct-windows']);
export type InputMode = z.infer<typeof inputModeSchema>;

export const preprocessingConfigSchema = z.object({
  imageSize: int(16, 1024).default(128),
  /** auto: CT in HU gets the three-window stack, other images grey (replicated to RGB for resnet50). */
  inputMode: inputModeSchema.default('auto'),
});

export const trainingConfigSchema = z.object({
  epochs: int(1, 1000).default(30),
  batchSize: int(1, 1024).default(32),
  learningRate: z.number().positive().max(1).default(1e-3),
  /** Epochs without a better validation loss before stopping (best weights are restored). */
  patience: int(1, 100).default(5),
  /**
   * cnn and resnet: a retrain that starts from the active version's weights (same architecture)
   * trains at most this many epochs, at warmStartLearningRate (default: a third of
   * learningRate). New labels refine a trained model instead of rebuilding it, so they reach the
   * ranking in seconds; the promotion gate keeps the active version when the result is worse.
   * One epoch: on real MRI a second one ended on the first's weights (docs/benchmarks.md,
   * "Retraining from the active version on real MRI").
   */
  warmStartEpochs: int(1, 1000).default(1),
  warmStartLearningRate: z.number().positive().max(1).optional(),
  validationFraction: z.number().min(0.05).max(0.5).default(0.15),
  classWeights: z.enum(['balanced', 'none']).default('balanced'),
  /** Dropout before the logits layer (also the MC-dropout rate at prediction). */
  dropout: z.number().min(0).max(0.9).default(0.3),
  seed: z.number().int().default(42),
  augmentation: augmentationSchema.default(augmentationSchema.parse({})),
  /**
   * resnet50 head: views of each training scan whose frozen features it learns from (1: the scan
   * as prepared; 2: and its mirror; more: seeded random augmentations), each cached once.
   */
  featureViews: int(1, 8).default(1),
  /**
   * resnet50 phase 2 (stage-5 fine-tuning): each of `learningRates` (default: learningRate and a
   * third of it) is tried from the fitted head, with a linear warm-up over its first
   * `warmupEpochs`, and the run with the lowest validation loss is kept; the head alone is kept
   * when no run beats it (trainer/resnet50/fine-tune-schedule.ts).
   */
  fineTune: z
    .object({
      epochs: int(0, 1000).default(10),
      learningRate: z.number().positive().max(1).default(1e-4),
      learningRates: z.array(z.number().positive().max(1)).min(1).max(4).optional(),
      /** Default 1. */
      warmupEpochs: int(0, 10).optional(),
    })
    .default({ epochs: 10, learningRate: 1e-4 }),
});

const base = { variant: z.string(), preprocessing: preprocessingConfigSchema, training: trainingConfigSchema };

export const modelConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cnn'), architecture: cnnArchitectureSchema, ...base }),
  z.object({ kind: z.literal('resnet'), architecture: resnetArchitectureSchema, ...base }),
  z.object({ kind: z.literal('resnet50'), architecture: resnet50ArchitectureSchema, ...base }),
]);
export type ModelConfig = z.infer<typeof modelConfigSchema>;
export type CnnArchitecture = z.infer<typeof cnnArchitectureSchema>;
export type ResnetArchitecture = z.infer<typeof resnetArchitectureSchema>;
export type TrainingConfig = z.infer<typeof trainingConfigSchema>;
export type AugmentationConfig = z.infer<typeof augmentationSchema>;

/** What a caller may override; every section is optional and shallow-merged over the variant. */
export const modelConfigInputSchema = z.object({
  kind: modelKindSchema,
  variant: z.string().optional(),
  architecture: z.record(z.string(), z.unknown()).optional(),
  preprocessing: preprocessingConfigSchema.partial().optional(),
  training: trainingConfigSchema.partial().optional(),
});
export type ModelConfigInput = z.input<typeof modelConfigInputSchema>;

const variantTables: Record<ModelKind, Record<string, object>> = {
  cnn: cnnVariants,
  resnet: resnetVariants,
  resnet50: resnet50Variants,
};

/** Training defaults that differ by family (resnet50 trains only a head in phase 1). */
const familyTraining: Record<ModelKind, Partial<TrainingConfig>> = {
  cnn: {},
  resnet: {},
  // Two views (the scan and its mirror) for the head: measured better on real MRI (docs/benchmarks.md).
  resnet50: { epochs: 40, batchSize: 64, learningRate: 1e-3, dropout: 0.5, featureViews: 2 },
};

const definedFields = (o: object | undefined): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined));

const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ');

/** Variant defaults + overrides, validated; bad input is an AppError BAD_REQUEST naming the fields. */
export function resolveModelConfig(input: ModelConfigInput): ModelConfig {
  const parsed = modelConfigInputSchema.safeParse(input);
  if (!parsed.success)
    throw new AppError({ code: 'BAD_REQUEST', message: `invalid model config: ${issues(parsed.error)}` });
  const { kind } = parsed.data;
  const variant = parsed.data.variant ?? defaultVariants[kind];
  const table = variantTables[kind];
  if (!(variant in table)) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `unknown ${kind} variant "${variant}" (known: ${Object.keys(table).join(', ')})`,
    });
  }
  // The caller's own fields, not the parsed ones: parsing a partial schema fills its defaults,
  // which would override the family's (resnet50's epochs, batch size, dropout, image size).
  const config = modelConfigSchema.safeParse({
    kind,
    variant,
    architecture: { ...table[variant], ...parsed.data.architecture },
    preprocessing: { imageSize: defaultImageSizes[kind], ...definedFields(input.preprocessing) },
    training: { ...familyTraining[kind], ...definedFields(input.training) },
  });
  if (!config.success)
    throw new AppError({ code: 'BAD_REQUEST', message: `invalid model config: ${issues(config.error)}` });
  return config.data;
}
