/**
 * bench/warm-start-mri: what a retrain that starts from the active version gives on real brain
 * MRI (../shared/data/brain-mri-dev: 600 training / 200 test slices, 4 classes), against the
 * version it starts from and against training from random weights on the same labels.
 *
 * For each scratch family (cnn, scratch ResNet, at 128 px): the "active version" trains from
 * random weights on the training slices less `--new` of them (chosen by key hash, evenly over the
 * classes); then the new slices are labelled, and the retrain warm-starts from it for 1 and for
 * 2 epochs (warmStartEpochs) at a third of the learning rate, as the trainer does. A cold model
 * on every training slice is the reference. Each is scored on the 200 test slices, which none
 * trained or validated on: macro F1 and tumours called notumor.
 * Run: npx tsx bench/warm-start-mri.ts [--new 50] [--kinds cnn,resnet]. Writes bench/results/warm-start-mri.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { stableHoldout } from '@/lib/learn/splits';
import type { ModelKind } from '@/lib/models/configs';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { loadFolderDataset } from '@/trainer/compare/load-folder-dataset';
import type { LabelledImage } from '@/trainer/data/types';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import { machineInfo } from './lib/machine';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.resolve(root, '../shared/data/brain-mri-dev');
if (!fs.existsSync(dataDir)) {
  console.info(`skipped: ${dataDir} is absent (the real brain MRI development set)`);
  process.exit(0);
}
const flag = (name: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const newCount = Number(flag('new') ?? 50);
const kinds = (flag('kinds') ?? 'cnn,resnet').split(',') as ModelKind[];
const seed = 42;

const started = performance.now();
const backend = await chooseBackend({ logger: createLogger('silent') });
const data = await loadFolderDataset(dataDir, { decode: (b, n) => decodeImageBuffer(b, n), maxSide: 512 });
const normalLabels = ['notumor'];
// The slices labelled since the active version trained: a fixed share of each class, by key.
const { train: oldIdx, holdout: newIdx } = stableHoldout(
  data.train.map((i) => i.key),
  data.train.map((i) => i.label),
  newCount / data.train.length,
  seed ^ 0x6e6577,
);
const before: LabelledImage[] = oldIdx.map((i) => data.train[i]);

interface Row {
  kind: ModelKind;
  model: 'active (before the new labels)' | 'warm start, 1 epoch' | 'warm start, 2 epochs' | 'cold, every label';
  trainedOn: number;
  epochs: number;
  seconds: number;
  validationMacroF1: number;
  testMacroF1: number;
  testAccuracy: number;
  /** Test tumours (glioma, meningioma, pituitary) the model called notumor. */
  tumoursCalledNormal: number;
}

const rows: Row[] = [];
const train = async (
  kind: ModelKind,
  model: Row['model'],
  set: LabelledImage[],
  training: Record<string, number>,
  warmStart?: tf.LayersModel,
): Promise<TrainedModel> => {
  const t0 = performance.now();
  const trained = await trainModel(
    { labels: data.labels, train: set, test: data.test, normalLabels },
    { config: { kind, preprocessing: { imageSize: 128 }, training: { seed, ...training } }, backend, warmStart },
  );
  const test = trained.metrics.test!;
  const normal = data.labels.indexOf('notumor');
  const tumoursCalledNormal = trained.evaluated.test.filter(
    (e) => e.trueIndex !== normal && e.predictedIndex === normal,
  ).length;
  rows.push({
    kind,
    model,
    trainedOn: set.length,
    epochs: trained.history.length,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
    validationMacroF1: trained.metrics.validation.macroF1,
    testMacroF1: test.macroF1,
    testAccuracy: test.accuracy,
    tumoursCalledNormal,
  });
  console.log(JSON.stringify(rows.at(-1)));
  return trained;
};

for (const kind of kinds) {
  const active = await train(kind, 'active (before the new labels)', before, {});
  for (const epochs of [1, 2] as const) {
    const warm = await train(
      kind,
      epochs === 1 ? 'warm start, 1 epoch' : 'warm start, 2 epochs',
      data.train,
      { warmStartEpochs: epochs },
      active.model,
    );
    warm.model.dispose();
  }
  active.model.dispose();
  (await train(kind, 'cold, every label', data.train, {})).model.dispose();
}

const out = {
  benchmark: 'warm-start-mri',
  date: new Date().toISOString(),
  machine: machineInfo(),
  backend: `${backend.name} (${backend.threads} threads)`,
  data: { train: data.train.length, test: data.test.length, newLabels: newIdx.length, labels: data.labels },
  seconds: Math.round((performance.now() - started) / 1000),
  rows,
};
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/warm-start-mri.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
