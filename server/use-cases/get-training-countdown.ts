import { trainingCountdown, type TrainingCountdown } from '@/lib/dashboard/training-countdown';
import type { Db } from '@/server/db/client';
import { currentTrainingLabels } from './compute-training-labels';

/**
 * How far the project is from its next automatic training, counted as maybeQueueTraining
 * counts it: scans whose label would train the models (two agreeing reads, an adjudication,
 * ...), not label actions.
 */
export async function getTrainingCountdown(
  db: Db,
  project: {
    id: string;
    labels: string[];
    consensusThreshold: number;
    retrainThreshold: number;
    labelsAtLastTraining: number;
    lastSequence: bigint;
  },
): Promise<TrainingCountdown> {
  const { usableCount } = await currentTrainingLabels(db, project);
  return trainingCountdown(usableCount, project.labelsAtLastTraining, project.retrainThreshold);
}
