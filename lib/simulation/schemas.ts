import { z } from 'zod';

const unit = z.number().min(0).max(1);

/** One evaluation of one simulated run: the held-out test metrics after training on `labels` labels. */
export const simulationPointSchema = z.object({
  strategy: z.string().min(1),
  seed: z.number().int(),
  /** 0 = trained on the seed set only; round r has had r batches answered by the oracle. */
  round: z.number().int().min(0),
  /** Labels used so far: the seed set plus every answered batch (validation included). */
  labels: z.number().int().min(1),
  macroF1: unit,
  accuracy: unit,
  /** Lesions called any lesion class, over all lesions; null without a normal class or test lesions. */
  lesionSensitivity: unit.nullable(),
});
export type SimulationPoint = z.infer<typeof simulationPointSchema>;

export const curveMetricSchema = z.enum(['macroF1', 'accuracy', 'lesionSensitivity']);
export type CurveMetric = z.infer<typeof curveMetricSchema>;
