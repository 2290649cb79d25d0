import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { modelKindSchema } from '@/lib/schemas/project';
import { getProjectOrThrow } from '@/server/use-cases/get-project-or-throw';
import { listTrainingScans } from '@/server/use-cases/list-training-scans';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setDefaultScoringEngine } from '@/trainer/onnx/network-runner';
import { diskFeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildDataset } from '@/trainer/service/build-dataset';
import { trainProjectModel } from '@/trainer/service/train-project-model';
import { withDb } from '../lib/with-db';
import { defineCommand } from '../command';
import { flag, jsonFlag } from '../flags';
import { createProgressBar, printJson, printTable } from '../output';

const flagsSchema = z.object({
  project: flag(z.string().min(1), 'the project whose labels train the model', 'SLUG'),
  model: flag(
    z
      .string()
      .transform((s) => s.toUpperCase())
      .pipe(modelKindSchema),
    'the model kind: cnn, resnet or resnet50',
    'KIND',
  ),
  epochs: flag(z.coerce.number().int().min(1).max(1000).optional(), "epochs (default: the kind's own)", 'N'),
  'image-size': flag(
    z.coerce.number().int().min(16).max(1024).optional(),
    "square input size (default: the project's)",
    'S',
  ),
  json: jsonFlag('print the new model version as JSON'),
});

export const command = defineCommand({
  name: 'train',
  summary: "Train one model kind on a project's labels now (outside the queue)",
  description: `Freezes the project's training labels (adjudicated > confident Dawid-Skene > majority > single
read), trains the model with a live progress bar, evaluates it on the held-out TEST split,
saves the tfjs artifact and records the model version (active if not worse than the current one).`,
  flags: flagsSchema,
  async run({ flags, io }) {
    const result = await withDb(async ({ db, config, log }) => {
      const project = await getProjectOrThrow(db, flags.project);
      const { scans, snapshot } = await listTrainingScans(db, project);
      if (scans.filter((s) => s.split !== 'TEST').length < 4) {
        throw new AppError({
          code: 'BAD_REQUEST',
          message: `Project ${project.slug} has only ${scans.length} labelled scans: label more first.`,
        });
      }
      setDefaultScoringEngine(config.SCORING_ENGINE);
      const backend = await chooseBackend({
        force: config.TFJS_BACKEND,
        wasmThreads: config.TFJS_WASM_THREADS,
        logger: log,
      });
      if (!flags.json)
        io.stdout.write(`Backend: ${backend.name} (${backend.threads} thread(s)); ${scans.length} labelled scans\n`);
      const dataset = await buildDataset(config.storageDir, project, scans);
      const bar = flags.json ? null : createProgressBar(io, flags.model.toLowerCase());
      const trained = await trainProjectModel(
        {
          db,
          log,
          storageDir: config.storageDir,
          backend,
          featureCache: diskFeatureCache(path.join(config.storageDir, 'feature-cache')),
          resnet50Weights: config.RESNET50_WEIGHTS,
        },
        {
          project,
          kind: flags.model,
          dataset,
          labelSnapshotId: snapshot.id,
          trainingJobId: null,
          overrides: { epochs: flags.epochs, imageSize: flags['image-size'] },
        },
        (p) =>
          bar?.update(
            p.batch + (p.epoch - 1) * p.batches,
            p.epochs * p.batches,
            `${p.phase} epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)}`,
          ),
      );
      bar?.done();
      trained.classifier.model.dispose();
      return trained;
    });
    const m = result.version.metrics as {
      validation: { macroF1: number; accuracy: number };
      test: { macroF1: number; accuracy: number } | null;
    };
    const summary = {
      id: result.version.id,
      kind: result.version.kind,
      version: result.version.version,
      backend: result.version.backend,
      active: result.version.active,
      promotion: result.decision.reason,
      trainingTimeMs: result.version.trainingTimeMs,
      valMacroF1: m.validation.macroF1,
      testMacroF1: m.test?.macroF1 ?? null,
      testAccuracy: m.test?.accuracy ?? null,
    };
    if (flags.json) printJson(io, summary);
    else printTable(io, [summary]);
    return 0;
  },
});
