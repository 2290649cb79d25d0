import type { TrainingScan } from '@/server/use-cases/list-training-scans';
import type { LabelledImage, TrainingDataset } from '@/trainer/data/types';
import { loadPreviews } from './load-images';

/**
 * Labelled scans → the trainer's dataset. VALIDATION scans drive early stopping and
 * calibration when there are any; TEST scans are only ever evaluated.
 */
export async function buildDataset(
  storageDir: string,
  project: { labels: string[]; normalLabels: string[] },
  scans: TrainingScan[],
): Promise<TrainingDataset> {
  const images = await loadPreviews(
    storageDir,
    scans.map((s) => s.previewPath),
  );
  const bySplit = { train: [] as LabelledImage[], validation: [] as LabelledImage[], test: [] as LabelledImage[] };
  scans.forEach((s, i) => {
    const label = project.labels.indexOf(s.label);
    if (label < 0) return;
    const item = { key: s.contentHash, label, image: images[i] };
    if (s.split === 'TEST') bySplit.test.push(item);
    else if (s.split === 'VALIDATION') bySplit.validation.push(item);
    else bySplit.train.push(item);
  });
  return {
    labels: project.labels,
    normalLabels: project.normalLabels.length > 0 ? project.normalLabels : undefined,
    train: bySplit.train,
    validation: bySplit.validation.length >= 4 ? bySplit.validation : undefined,
    test: bySplit.test,
  };
}
