import type { DecodedImage } from '@/lib/imaging/types';
import type { FileTraits } from '@/lib/learn/file-traits';

/** A labelled scan as the trainer receives it. */
export interface LabelledImage {
  /** Content key (e.g. the scan's sha256): keys the backbone-feature and prepared-input caches. */
  key: string;
  /** Index into TrainingDataset.labels. */
  label: number;
  image: DecodedImage;
  /** The file's size, format and depth, for the shortcut check (folder datasets). */
  traits?: FileTraits;
}

export interface TrainingDataset {
  labels: string[];
  train: LabelledImage[];
  /**
   * Early stopping and temperature fitting; when absent, about validationFraction of each class
   * of train, chosen by key (stableHoldout), so the same scans stay held out as labels grow.
   */
  validation?: LabelledImage[];
  /** Held out: never used for training, early stopping or calibration; reported as metrics.test. */
  test?: LabelledImage[];
  /** Labels meaning "no lesion"; default guessNormalLabels(labels). */
  normalLabels?: string[];
}
