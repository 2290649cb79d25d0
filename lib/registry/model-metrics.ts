import { z } from 'zod';
import { classificationReportSchema } from '@/lib/metrics/report';
import { epochRecordSchema } from '@/lib/models/model-card';

/**
 * What ModelVersion.metrics holds: the validation report (the promotion gate reads its
 * macro F1), the held-out test report when a TEST split exists (never used in training),
 * the learning curve (the model card's epoch records) and throughput.
 */
export const modelVersionMetricsSchema = z.object({
  validation: classificationReportSchema,
  test: classificationReportSchema.nullable(),
  history: z.array(epochRecordSchema),
  trainImagesPerSecond: z.number().nullable(),
  inferImagesPerSecond: z.number().nullable(),
});
export type ModelVersionMetrics = z.infer<typeof modelVersionMetricsSchema>;
