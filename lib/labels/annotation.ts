import { z } from 'zod';

/**
 * An annotation as the app sees it (docs/ARCHITECTURE.md, "Data model"): one append-only row of a chain.
 * A reader's chain holds their read of a scan; the reference chain holds adjudications.
 */
export const annotationSourceSchema = z.enum(['HUMAN', 'IMPORT', 'PREDICTION_ACCEPTED', 'ADJUDICATION']);
export type AnnotationSource = z.infer<typeof annotationSourceSchema>;

export const annotationActionSchema = z.enum([
  'LABEL',
  'CORRECT',
  'UNDO',
  'ACCEPT_PREDICTION',
  'REJECT_PREDICTION',
  'ADJUDICATE',
  'IMPORT',
]);
export type AnnotationAction = z.infer<typeof annotationActionSchema>;

export const labelNameSchema = z.string().min(1).max(64);

/** { labels } for every task type (one label for binary and multiclass); null retracts the read. */
export const annotationValueSchema = z.strictObject({ labels: z.array(labelNameSchema).min(1).max(32) });
export type AnnotationValue = z.infer<typeof annotationValueSchema>;

export const annotationSchema = z.object({
  id: z.string(),
  /** Per-project sequence number handed out at commit. */
  seq: z.number().int().positive(),
  scanId: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  source: annotationSourceSchema,
  action: annotationActionSchema,
  value: annotationValueSchema.nullable(),
  supersedesId: z.string().nullable(),
  predictionId: z.string().nullable(),
  idempotencyKey: z.string(),
  createdAt: z.string(),
});
export type Annotation = z.infer<typeof annotationSchema>;

export function sameValue(a: AnnotationValue | null, b: AnnotationValue | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.labels.length !== b.labels.length) return false;
  const set = new Set(a.labels);
  return b.labels.every((l) => set.has(l));
}
