import { dawidSkene, posteriorClass } from '@/lib/agreement/dawid-skene';
import { encodeReads } from '@/lib/agreement/encode';
import { chooseTrainingLabels, type Posterior, type TrainingLabels } from '@/lib/agreement/training-label';
import type { Db } from '@/server/db/client';
import { memoized } from './get-project-agreement';
import { listProjectReads } from './list-project-reads';

export interface ProjectTrainingLabels extends TrainingLabels {
  /** Scans with a label that trains the models. */
  usableCount: number;
  upToSeq: bigint;
}

/**
 * Applies the documented rule (adjudicated > confident Dawid–Skene over three or more reads >
 * majority > single read > imported label) to a project's reads. Scans it excludes (ties, low confidence) come back in `queue`: the
 * clinicians' "needs adjudication" list.
 */
export async function computeTrainingLabels(
  db: Db,
  project: { id: string; labels: string[]; consensusThreshold: number },
  opts: { upToSeq?: bigint } = {},
): Promise<ProjectTrainingLabels> {
  const { reads, adjudications, priors, upToSeq } = await listProjectReads(db, project.id, opts);
  const posteriors = new Map<string, Posterior>();
  const usable = reads.filter((r) => project.labels.includes(r.label));
  if (usable.length > 0) {
    const coded = encodeReads(usable, { categories: project.labels });
    const fit = dawidSkene(coded);
    if (fit.ok) {
      const k = coded.categories.length;
      coded.items.forEach((item, i) => {
        const p = posteriorClass(fit.posteriors, k, i);
        posteriors.set(item, { label: coded.categories[p.label], confidence: p.confidence });
      });
    }
  }
  const usablePriors = new Map([...priors].filter(([, label]) => project.labels.includes(label)));
  const result = chooseTrainingLabels(
    usable,
    { adjudications, posteriors, priors: usablePriors },
    { threshold: project.consensusThreshold },
  );
  let usableCount = 0;
  for (const l of result.labels.values()) if (l.status === 'train') usableCount += 1;
  return { ...result, usableCount, upToSeq };
}

/**
 * computeTrainingLabels at the project's current sequence number, computed once per label
 * state and shared: the training trigger runs it after every commit, and the project page's
 * countdown, the adjudication queue and "Train now" reuse that result while no label has
 * arrived since (annotations are append-only, so a sequence number fixes the answer).
 */
export function currentTrainingLabels(
  db: Db,
  project: { id: string; labels: string[]; consensusThreshold: number; lastSequence: bigint },
): Promise<ProjectTrainingLabels> {
  const key = [
    'training-labels',
    project.id,
    project.lastSequence,
    project.labels.join('\u0001'),
    project.consensusThreshold,
  ].join('|');
  return memoized(key, () => computeTrainingLabels(db, project, { upToSeq: project.lastSequence }), {
    store: 'training-labels',
    max: 8,
  });
}
