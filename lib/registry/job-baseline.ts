import { z } from 'zod';
import { classificationReportSchema } from '@/lib/metrics/report';

/**
 * What TrainingJob.baseline holds: the bar a job's models are reported beside. Standardised
 * frozen ResNet50 avg_pool features of the job's labelled scans and an L2-regularised logistic
 * regression whose strength inner cross-validation chose; evaluated on the TEST scans when the
 * project has any (the models' test report, same scans), else on every training scan from the
 * inner fold that held it out ("cross-fitted").
 */
export const jobBaselineSchema = z.object({
  split: z.enum(['test', 'validation']),
  report: classificationReportSchema,
  l2: z.number(),
  /** Scans the regression learnt from (train and validation). */
  trainCount: z.number().int(),
  imageSize: z.number().int(),
  /** Features (fresh ones only; cached ones are read back) and the regression's fit. */
  featureSeconds: z.number(),
  fitSeconds: z.number(),
  backend: z.string(),
});
export type JobBaseline = z.infer<typeof jobBaselineSchema>;

/** A human name for the baseline, wherever it is shown beside the models. */
export const baselineName = 'Baseline: frozen ResNet50 + logistic regression';
