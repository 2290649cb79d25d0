import fs from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import { modelCardSchema, type ModelCard } from '@/lib/models/model-card';
import type { Classifier } from './evaluate';
import { fileLoadHandler, fileSaveHandler } from './io/file-io';

const artifactFiles = { model: 'model.json', weights: 'weights.bin', card: 'card.json' } as const;

/** Writes dir/model.json + dir/weights.bin (tfjs LayersModel format) and dir/card.json. */
export async function saveArtifact(model: tf.LayersModel, dir: string, card: ModelCard): Promise<void> {
  const valid = modelCardSchema.parse(card);
  await model.save(fileSaveHandler(dir));
  await fs.writeFile(path.join(dir, artifactFiles.card), JSON.stringify(valid, null, 2));
}

/** Loads what saveArtifact wrote; the card is validated. */
export async function loadArtifact(dir: string): Promise<Classifier> {
  let raw: string;
  try {
    raw = await fs.readFile(path.join(dir, artifactFiles.card), 'utf8');
  } catch {
    throw new AppError({ code: 'NOT_FOUND', message: `no model artifact in ${dir}` });
  }
  const parsed = modelCardSchema.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new AppError({ code: 'INTERNAL', message: `invalid model card in ${dir}: ${parsed.error.message}` });
  const model = await tf.loadLayersModel(fileLoadHandler(path.join(dir, artifactFiles.model)));
  return { model, card: parsed.data };
}
