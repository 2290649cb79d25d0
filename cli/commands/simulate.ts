import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { defaultImageSizes, modelKindSchema, resolveModelConfig } from '@/lib/models/configs';
import { resolveStrategies } from '@/lib/simulation/strategy-names';
import { loadConfig } from '@/server/config';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setDefaultScoringEngine } from '@/trainer/onnx/network-runner';
import { diskFeatureCache } from '@/trainer/resnet50/feature-cache';
import { runSimulation } from '@/trainer/simulate/run-simulation';
import { loadSimulationData } from '@/trainer/simulate/simulation-data';
import { defineCommand } from '../command';
import { flag } from '../flags';
import { createProgressBar } from '../output';
import { reportSimulation, writeResultJson } from './simulate-report';

const list = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const simulateFlagsSchema = z.object({
  data: flag(
    z.string().min(1),
    'the labelled dataset: DIR/labels.csv (file,label), DIR/<class>/..., or DIR/Training/<class>/ + DIR/Testing/<class>/ (Testing is then the test set)',
    'DIR',
  ),
  test: flag(z.string().min(1).optional(), 'an explicit test set (else a stratified --test-fraction of --data)', 'DIR'),
  strategies: flag(
    z.string().default('random,entropy,bald,committee,diverse').transform(list).pipe(z.array(z.string()).min(1)),
    'registered names (least-confidence, margin, entropy, bald, committee-vote-entropy, committee-kl, diverse, random) or committee (= committee-vote-entropy); random is required: it is the baseline',
    'LIST',
  ),
  'seed-labels': flag(count(2, 100_000).default(50), 'stratified random labels to start from', 'N'),
  batch: flag(count(1, 100_000).default(50), 'labels the oracle gives per round', 'N'),
  rounds: flag(count(1, 1000).default(12), 'query rounds after the seed set (12: 50 + 12 x 50 = 650 labels)', 'R'),
  seeds: flag(count(1, 100).default(3), 'repeats with different seed sets and initial weights', 'K'),
  seed: flag(z.coerce.number().int().default(1), 'first seed; the test split uses it too', 'S'),
  model: flag(modelKindSchema.default('cnn'), 'the model kind', 'KIND'),
  variant: flag(
    z.string().min(1).optional(),
    "the kind's variant (default the trainer's: cnn fast, resnet resnet10, resnet50 stage4); resnet50 stage4 and frozen train only a head on the pretrained backbone's features (stage 4's or stage 5's), computed once per scan",
    'NAME',
  ),
  'feature-cache': flag(
    z.string().min(1).optional(),
    'keep resnet50 backbone features on disk, shared by parallel parts and later runs (default: in memory)',
    'DIR',
  ),
  'image-size': flag(
    count(16, 512).optional(),
    'input size (default as the trainer: 224 for resnet50, 128 for cnn and resnet); images are shrunk to it on load',
    'S',
  ),
  epochs: flag(count(1, 1000).optional(), "epochs per round (default: the trainer's, 30 for cnn and resnet)", 'N'),
  patience: flag(
    count(1, 100).optional(),
    "early stopping on the labelled validation part (default: the trainer's, 5)",
    'N',
  ),
  'test-fraction': flag(z.coerce.number().min(0.05).max(0.9).default(0.25), 'test share of a flat dataset', 'F'),
  'validation-fraction': flag(
    z.coerce.number().min(0.05).max(0.5).default(0.15),
    'share of each answered batch kept for validation',
    'F',
  ),
  'mc-passes': flag(count(2, 200).default(20), 'MC-dropout passes for bald', 'N'),
  'committee-size': flag(
    count(2, 3).default(3),
    "committee strategies train N models of --model with different seeds each round and compare them; their test metrics are member 1's",
    'N',
  ),
  'cold-start': flag(z.boolean().default(false), 'train every round from scratch instead of warm-starting'),
  'split-seed': flag(
    z.coerce.number().int().optional(),
    'seed of the test split (default --seed): keep it fixed when seeds run as separate processes, then combine them with simulate-merge',
    'S',
  ),
  part: flag(
    z.boolean().default(false),
    'one part of an experiment (any strategies, random not required): writes only --json, for simulate-merge',
  ),
  threads: flag(count(1, 8).optional(), "WASM threads (default: the machine's cores)", 'N'),
  normal: flag(
    z.string().transform(list).optional(),
    'labels meaning "no lesion" (default: guessed, e.g. normal)',
    'LIST',
  ),
  out: flag(z.string().min(1).default('simulate-results'), 'curves.csv and curves.png go here', 'DIR'),
  json: flag(z.string().min(1).optional(), 'also write every point, the summary and timings as JSON', 'FILE'),
});

export const command = defineCommand({
  name: 'simulate',
  summary: 'Simulate active learning on a labelled folder: label efficiency of each strategy vs random',
  description: `Does active learning pay on this dataset? Hides the labels of a labelled folder, starts every
strategy from the same stratified seed set, and lets an oracle answer each strategy's batch.
Each round trains the model (warm-started from the previous round), records held-out test
macro F1, accuracy and lesion sensitivity, scores the unlabelled pool and labels the top batch.
Prints, per strategy, the final metrics over seeds and the fraction of random's labels it
needed to reach random's final mean macro F1 (linear interpolation on the mean curves).
No database needed. Files may be PNG, JPEG or DICOM.

Environment: TFJS_BACKEND forces a backend (tensorflow-gpu | tensorflow | webgpu | wasm | cpu).`,
  flags: simulateFlagsSchema,
  async run({ flags, io, args }) {
    if (flags.part && !flags.json)
      throw new AppError({
        code: 'BAD_REQUEST',
        message: '--part writes its result with --json FILE for simulate-merge',
      });
    const strategies = resolveStrategies(flags.strategies, { part: flags.part });
    const config = loadConfig();
    setDefaultScoringEngine(config.SCORING_ENGINE);
    const backend = await chooseBackend({
      force: config.TFJS_BACKEND,
      wasmThreads: flags.threads ?? config.TFJS_WASM_THREADS,
      logger: createLogger('silent'),
    });
    io.stdout.write(`backend: ${backend.name} (${backend.threads} thread${backend.threads > 1 ? 's' : ''})\n`);

    const imageSize = flags['image-size'] ?? defaultImageSizes[flags.model];
    const loading = createProgressBar(io, 'decoding');
    const data = await loadSimulationData(path.resolve(flags.data), {
      decode: (bytes, name) => decodeImageBuffer(bytes, name),
      testDir: flags.test && path.resolve(flags.test),
      testFraction: flags['test-fraction'],
      splitSeed: flags['split-seed'] ?? flags.seed,
      maxSide: imageSize,
      normalLabels: flags.normal,
      onFile: (done, total) => loading.update(done, total),
    });
    loading.done(
      `pool ${data.pool.length}, test ${data.test.length}; classes ${data.labels.join(', ')}; normal: ${data.normalLabels.join(', ') || '(none)'}`,
    );

    // Unless told otherwise, each round trains as the trainer's retraining job would.
    const trainer = resolveModelConfig({ kind: flags.model, variant: flags.variant }).training;
    const seeds = Array.from({ length: flags.seeds }, (_, k) => flags.seed + k);
    const total = seeds.length * strategies.length * (flags.rounds + 1);
    let done = 0;
    const bar = createProgressBar(io, 'simulating');
    const result = await runSimulation(data, {
      strategies,
      seeds,
      seedLabels: flags['seed-labels'],
      batch: flags.batch,
      rounds: flags.rounds,
      model: flags.model,
      variant: flags.variant,
      imageSize,
      epochs: flags.epochs ?? trainer.epochs,
      patience: flags.patience ?? trainer.patience,
      validationFraction: flags['validation-fraction'],
      mcDropoutPasses: flags['mc-passes'],
      committeeSize: flags['committee-size'],
      warmStart: !flags['cold-start'],
      part: flags.part,
      backend,
      featureCache: flags['feature-cache'] ? diskFeatureCache(path.resolve(flags['feature-cache'])) : undefined,
      onProgress: (e) => {
        if (e.step === 'evaluated') done++;
        const member = e.members && e.members > 1 ? ` member ${e.member}/${e.members}` : '';
        const detail =
          e.step === 'train' && e.training
            ? `${member} epoch ${e.training.epoch}/${e.training.epochs}`
            : e.step === 'evaluated'
              ? ` F1 ${e.point!.macroF1.toFixed(3)}`
              : ` ${e.step}`;
        bar.update(done, total, `${e.strategy} seed ${e.seed} round ${e.round} (${e.labels} labels)${detail}`);
      },
    });
    bar.done(`${result.points.length} evaluations in ${(result.timings.wallSeconds / 60).toFixed(1)} min`);

    const command = ['neuroloop', 'simulate', ...args].join(' ');
    if (result.summary)
      await reportSimulation(io, { ...result, summary: result.summary }, { out: flags.out, json: flags.json, command });
    else await writeResultJson(io, result, flags.json!, command);
    return 0;
  },
});
