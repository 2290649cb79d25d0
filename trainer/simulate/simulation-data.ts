import { guessNormalLabels } from '@/lib/metrics/lesion';
import { createRng } from '@/lib/random';
import { loadFolderDataset, type FolderDataset, type ImageDecoder } from '@/trainer/compare/load-folder-dataset';
import { stratifiedSplit } from '@/lib/learn/splits';
import type { LabelledImage } from '@/trainer/data/types';

export interface SimulationData {
  labels: string[];
  normalLabels: string[];
  /** 'split': the Testing/ folder (or --test) is the test set; 'flat': a stratified hold-out. */
  layout: FolderDataset['layout'];
  /** Whose labels the oracle hides; seed set and every queried batch come from here. */
  pool: LabelledImage[];
  /** Never trained on, never used for early stopping or calibration: every point's metrics. */
  test: LabelledImage[];
  skipped: FolderDataset['skipped'];
}

export interface LoadSimulationDataOptions {
  decode: ImageDecoder;
  testDir?: string;
  /** Share of a flat dataset held out as the test set (stratified). */
  testFraction: number;
  /** Seed of that hold-out: the same test set for every strategy and simulation seed. */
  splitSeed: number;
  /** Images are shrunk to this side on load; training at that size then prepares them cheaply. */
  maxSide: number;
  normalLabels?: string[];
  onFile?: (done: number, total: number) => void;
}

/** A labelled folder (labels.csv, <class>/ or Training/Testing/<class>/) as pool + held-out test set. */
export async function loadSimulationData(dir: string, opts: LoadSimulationDataOptions): Promise<SimulationData> {
  const data = await loadFolderDataset(dir, {
    decode: opts.decode,
    testDir: opts.testDir,
    maxSide: opts.maxSide,
    onFile: opts.onFile,
  });
  const normalLabels = opts.normalLabels ?? guessNormalLabels(data.labels);
  if (data.layout === 'split') {
    return {
      labels: data.labels,
      normalLabels,
      layout: data.layout,
      pool: data.train,
      test: data.test,
      skipped: data.skipped,
    };
  }
  const { train, holdout } = stratifiedSplit(
    data.train.map((d) => d.label),
    opts.testFraction,
    createRng(opts.splitSeed),
  );
  return {
    labels: data.labels,
    normalLabels,
    layout: data.layout,
    pool: train.map((i) => data.train[i]),
    test: holdout.map((i) => data.train[i]),
    skipped: data.skipped,
  };
}
