import { z } from 'zod';
import { classificationReportSchema } from '@/lib/metrics/report';
import { epochRecordSchema } from '@/lib/models/model-card';

/**
 * What ModelVersion.metrics holds: the validation report (the promotion gate reads its
 * macro F1), what the gate compared it with, the held-out test report when a TEST split exists (never used in training),
 * the learning curve (the model card's epoch records) and throughput.
 */
export const modelVersionMetricsSchema = z.object({
  validation: classificationReportSchema,
  test: classificationReportSchema.nullable(),
  history: z.array(epochRecordSchema),
  trainImagesPerSecond: z.number().nullable(),
  inferImagesPerSecond: z.number().nullable(),
  /**
   * What the promotion gate compared this version with: the version active when it trained,
   * scored on this version's validation scans (absent when it was compared with the F1 the
   * active version recorded, or when none was active).
   */
  gate: z.object({ versionId: z.string(), version: z.number().int(), macroF1: z.number() }).optional(),
});
export type ModelVersionMetrics = z.infer<typeof modelVersionMetricsSchema>;
