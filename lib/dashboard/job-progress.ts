import { modelKindName } from '@/lib/models/model-name';
import { progressFraction, type TrainingProgress } from './training-jobs';

const kindTitle = (kind: string | undefined) => (kind ? modelKindName(kind) : 'model');

/**
 * A job's progress as one share of its whole work: each model kind trained by epochs counts one
 * stage, scoring the scans with the new versions one more. A kind fitted without epochs (and the
 * first ranking it makes) takes seconds and counts none: the share stays 0 until epochs start,
 * so no time left is guessed from it. Null before the first report.
 */
export function overallFraction(p: TrainingProgress | null): number | null {
  if (!p?.kinds?.length) return null;
  const byEpochs = p.kinds.filter((k) => !p.fitted?.includes(k));
  const stages = byEpochs.length + 1;
  if (p.phase === 'scoring') {
    const within = p.batches ? (p.batch ?? 0) / p.batches : 0;
    return Math.min(1, (byEpochs.length + within) / stages);
  }
  if (p.kind && p.fitted?.includes(p.kind)) return 0;
  const index = p.kind ? byEpochs.indexOf(p.kind) : -1;
  if (index < 0) return null;
  // A first ranking between kinds: that kind's step is done, the next has not started.
  if (p.phase === 'first ranking') return Math.min(1, (index + 1) / stages);
  return Math.min(1, (index + (progressFraction(p) ?? 0)) / stages);
}

/** "step 2 of 4 (ResNet50, CNN, ResNet, scoring)": where the job is among its kinds, in training order. */
export function stepTitle(p: TrainingProgress | null): string | null {
  if (!p?.kinds?.length) return null;
  const step = p.phase === 'scoring' ? p.kinds.length + 1 : p.kinds.indexOf(p.kind ?? '') + 1;
  if (step === 0) return null;
  const names = [...p.kinds.map((k) => modelKindName(k)), 'scoring'];
  return `step ${step} of ${names.length} (${names.join(', ')})`;
}

/** Time left at the pace so far (elapsed / done × left); null until there is a pace to go by. */
export function etaMs(fraction: number | null, startedAt: string | null, nowMs: number): number | null {
  if (fraction === null || !startedAt || fraction < 0.02) return null;
  const elapsed = nowMs - Date.parse(startedAt);
  if (!(elapsed > 0)) return null;
  return Math.max(0, (elapsed / fraction) * (1 - fraction));
}

/** What the trainer is doing, as it is: training a kind (and which part), or scoring scans. */
export function phaseTitle(p: TrainingProgress | null): string {
  if (!p) return 'Waiting for the trainer';
  const kind = kindTitle(p.kind);
  switch (p.phase) {
    case 'scoring':
      // Every kind's new version scores in one pass over the scans.
      return p.kind ? `Scoring scans with the new ${kind}` : 'Scoring scans with the new models';
    case 'first ranking':
      // Kinds trained from scratch are still to come: the queue is ranked by what has trained.
      return `Ranking the queue with the new ${kind} while the other models train`;
    case 'head':
      return `Training the ${kind} head on cached features`;
    case 'fine-tune':
      return `Fine-tuning the ${kind} last block`;
    case 'train':
      return `Training the ${kind}`;
    default:
      return p.phase ? `${kind}: ${p.phase}` : `Training the ${kind}`;
  }
}
