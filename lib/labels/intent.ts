import { z } from 'zod';
import { labelNameSchema } from './annotation';

const labelsSchema = z.array(labelNameSchema).min(1).max(32);
const idSchema = z.string().min(1).max(64);

/**
 * What a user asks for; the server turns it into an annotation row (planAnnotation).
 * label: the reader's own read (a number key); accept/reject: of a model prediction
 * (reject carries the reader's label); adjudicate: the reference (clinicians);
 * undo: a new row that walks one step back in that chain.
 */
export const annotationIntentSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('label'), labels: labelsSchema, predictionId: idSchema.optional() }),
  z.strictObject({ kind: z.literal('accept'), predictionId: idSchema }),
  z.strictObject({ kind: z.literal('reject'), predictionId: idSchema, labels: labelsSchema }),
  z.strictObject({ kind: z.literal('adjudicate'), labels: labelsSchema }),
  z.strictObject({ kind: z.literal('undo'), chain: z.enum(['read', 'reference']) }),
]);
export type AnnotationIntent = z.infer<typeof annotationIntentSchema>;

/** The chain an intent writes to. */
export function intentChain(intent: AnnotationIntent): 'read' | 'reference' {
  if (intent.kind === 'undo') return intent.chain;
  return intent.kind === 'adjudicate' ? 'reference' : 'read';
}
