import { posteriorClass, type DawidSkeneFit } from './dawid-skene';
import type { CodedReads } from './encode';
import { chooseTrainingLabel, type ExclusionReason, type TrainingRule } from './training-label';

/** How many scans each rule of training-label.ts would label, before any adjudication. */
export interface TrainingSummary {
  threshold: number;
  labelled: Record<TrainingRule, number>;
  excluded: Record<ExclusionReason, number>;
  needs_adjudication: number;
}

export function summarizeTraining(data: CodedReads, fit: DawidSkeneFit, threshold: number): TrainingSummary {
  const summary: TrainingSummary = {
    threshold,
    labelled: { adjudicated: 0, 'dawid-skene': 0, majority: 0, single: 0, prior: 0 },
    excluded: { tie: 0, 'low-confidence': 0, 'no-reads': 0 },
    needs_adjudication: 0,
  };
  const k = data.categories.length;
  const { itemStart, reader, label } = data;
  for (let i = 0; i < data.items.length; i++) {
    const reads = [];
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      reads.push({ reader: data.readers[reader[p]], label: data.categories[label[p]] });
    }
    const top = fit.ok ? posteriorClass(fit.posteriors, k, i) : null;
    const posterior = top ? { label: data.categories[top.label], confidence: top.confidence } : undefined;
    const chosen = chooseTrainingLabel({ reads, posterior }, { threshold });
    if (chosen.status === 'train') summary.labelled[chosen.rule]++;
    else {
      summary.excluded[chosen.excluded]++;
      if (chosen.needsAdjudication) summary.needs_adjudication++;
    }
  }
  return summary;
}
