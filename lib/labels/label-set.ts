import { AppError } from '@/lib/errors/app-error';

export type TaskType = 'BINARY' | 'MULTICLASS' | 'MULTILABEL';

export interface LabelSet {
  labels: readonly string[];
  task: TaskType;
}

/** Throws BAD_REQUEST unless `labels` is a valid answer for the project's task. */
export function assertValidLabels(labels: readonly string[], set: LabelSet): void {
  const unknown = labels.filter((l) => !set.labels.includes(l));
  if (unknown.length) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `Unknown label(s): ${unknown.join(', ')}. This project uses ${set.labels.join(', ')}.`,
    });
  }
  if (new Set(labels).size !== labels.length)
    throw new AppError({ code: 'BAD_REQUEST', message: 'A label appears twice.' });
  if (set.task !== 'MULTILABEL' && labels.length !== 1) {
    throw new AppError({ code: 'BAD_REQUEST', message: `A ${set.task.toLowerCase()} read has exactly one label.` });
  }
}

/** The labels a prediction stands for: the most probable one, or every label at p >= 0.5 for multilabel. */
export function predictedLabels(probabilities: readonly number[], set: LabelSet): string[] {
  if (set.task === 'MULTILABEL') {
    const above = set.labels.filter((_, i) => (probabilities[i] ?? 0) >= 0.5);
    if (above.length) return above;
  }
  let best = 0;
  for (let i = 1; i < set.labels.length; i++) if ((probabilities[i] ?? 0) > (probabilities[best] ?? 0)) best = i;
  return [set.labels[best]];
}

/** In canonical (project) order, so that equal answers compare equal. */
export function orderLabels(labels: readonly string[], set: LabelSet): string[] {
  return [...labels].sort((a, b) => set.labels.indexOf(a) - set.labels.indexOf(b));
}
