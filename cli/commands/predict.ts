import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { decodeImageFile } from '@/server/imaging/decode-file';
import { getModelVersionArtifactOrThrow } from '@/server/use-cases/get-model-version-artifact-or-throw';
import { loadArtifact } from '@/trainer/artifacts';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { predictProbabilities } from '@/trainer/predict';
import { withDb } from '../lib/with-db';
import { defineCommand } from '../command';
import { flag, jsonFlag } from '../flags';
import { printJson, printTable } from '../output';

export const command = defineCommand({
  name: 'predict',
  summary: 'Class probabilities of image files under a stored model version',
  positionals: 'FILE...',
  description: `Decodes each file (DICOM, PNG or JPEG), preprocesses it exactly as in training (from the
model card) and prints the temperature-calibrated probability of every class.`,
  flags: z.object({
    'model-version': flag(z.string().min(1), 'the model version (its id, as the dashboard and export show it)', 'ID'),
    json: jsonFlag(),
  }),
  async run({ flags, positionals, io }) {
    if (positionals.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'give at least one image file' });
    const rows = await withDb(async ({ db, config, log }) => {
      const version = await getModelVersionArtifactOrThrow(db, flags['model-version']);
      await chooseBackend({ force: config.TFJS_BACKEND, wasmThreads: config.TFJS_WASM_THREADS, logger: log });
      const classifier = await loadArtifact(path.resolve(config.storageDir, version.artifactPath));
      try {
        const out: Record<string, string | number>[] = [];
        for (const file of positionals) {
          const frames = await decodeImageFile(path.resolve(file), { maxPixels: config.IMPORT_MAX_PIXELS });
          const { probabilities } = predictProbabilities(classifier, frames);
          probabilities.forEach((p, i) => {
            const row: Record<string, string | number> = { file: frames.length > 1 ? `${file}[${i}]` : file };
            classifier.card.labels.forEach((l, k) => (row[l] = Number(p[k].toFixed(4))));
            out.push(row);
          });
        }
        return out;
      } finally {
        classifier.model.dispose();
      }
    });
    if (flags.json) printJson(io, rows);
    else printTable(io, rows);
    return 0;
  },
});
