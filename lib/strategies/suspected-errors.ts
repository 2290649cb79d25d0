import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { argmax, className, percent } from './reason';
import { modelKinds, type ModelKind, type ScanScores } from './types';

export const suspectedErrorOptionsSchema = z.object({
  /** A model counts as contradicting the label only at or above this probability. */
  minConfidence: z.number().gt(0).max(1).default(0.9),
  /** How many model kinds must agree on the same other class. */
  minModels: z.int().min(1).default(2),
  labels: z.array(z.string()).optional(),
});
export type SuspectedErrorOptions = z.input<typeof suspectedErrorOptionsSchema>;

export interface LabelledScanScores {
  scanId: string;
  consensusLabelIndex: number;
  byModel: ScanScores['byModel'];
}

export interface SuspectedLabelError {
  scanId: string;
  /** The class the contradicting models agree on. */
  predictedIndex: number;
  /** Mean probability those models give it. */
  confidence: number;
  reason: string;
}

/**
 * Labelled scans whose consensus label the models confidently contradict: at least
 * minModels kinds put probability >= minConfidence on the same other class. They go
 * to a clinician review queue; the label itself is never changed here. Most confident
 * first.
 */
export function findSuspectedLabelErrors(
  items: readonly LabelledScanScores[],
  opts: SuspectedErrorOptions = {},
): SuspectedLabelError[] {
  const parsed = suspectedErrorOptionsSchema.safeParse(opts);
  if (!parsed.success) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `Invalid suspected-error options: ${z.prettifyError(parsed.error)}`,
    });
  }
  const options = parsed.data;
  const found: SuspectedLabelError[] = [];
  for (const item of items) {
    const suspect = contradiction(item, options);
    if (suspect) found.push(suspect);
  }
  return found.sort((a, b) => b.confidence - a.confidence || (a.scanId < b.scanId ? -1 : a.scanId > b.scanId ? 1 : 0));
}

function contradiction(
  item: LabelledScanScores,
  options: z.output<typeof suspectedErrorOptionsSchema>,
): SuspectedLabelError | undefined {
  const voters = new Map<number, ModelKind[]>();
  for (const kind of modelKinds) {
    const p = item.byModel[kind]?.probabilities;
    if (!p || p.length === 0) continue;
    const top = argmax(p, p.length);
    if (top !== item.consensusLabelIndex && p[top] >= options.minConfidence) {
      voters.set(top, [...(voters.get(top) ?? []), kind]);
    }
  }
  let best: { index: number; kinds: ModelKind[]; confidence: number } | undefined;
  for (const [index, kinds] of voters) {
    const confidence = kinds.reduce((sum, kind) => sum + probabilityOf(item, kind, index), 0) / kinds.length;
    const better =
      !best || kinds.length > best.kinds.length || (kinds.length === best.kinds.length && confidence > best.confidence);
    if (better) best = { index, kinds, confidence };
  }
  if (!best || best.kinds.length < options.minModels) return undefined;
  return {
    scanId: item.scanId,
    predictedIndex: best.index,
    confidence: best.confidence,
    reason: explain(item, best.index, best.kinds, options.labels),
  };
}

function probabilityOf(item: LabelledScanScores, kind: ModelKind, index: number): number {
  return item.byModel[kind]?.probabilities[index] ?? 0;
}

/** "labelled meningioma by consensus, but CNN (97%) and RESNET (95%) say glioma; RESNET50 agrees with the label (80%)" */
function explain(item: LabelledScanScores, predicted: number, kinds: ModelKind[], labels?: readonly string[]): string {
  const label = item.consensusLabelIndex;
  const voices = kinds.map((kind) => `${kind} (${percent(probabilityOf(item, kind, predicted))})`).join(' and ');
  const agreeing = modelKinds.filter((kind) => {
    const p = item.byModel[kind]?.probabilities;
    return p && p.length > 0 && argmax(p, p.length) === label;
  });
  const dissent = agreeing
    .map((kind) => `; ${kind} agrees with the label (${percent(probabilityOf(item, kind, label))})`)
    .join('');
  const verb = kinds.length === 1 ? 'says' : 'say';
  return `labelled ${className(labels, label)} by consensus, but ${voices} confidently ${verb} ${className(labels, predicted)}${dissent}`;
}
