import path from 'node:path';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { modelKindSchema, resolveModelConfig } from '@/lib/models/configs';
import { resolveStrategies } from '@/lib/simulation/strategy-names';
import { loadConfig } from '@/server/config';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { diskFeatureCache } from '@/trainer/resnet50/feature-cache';
import { runSimulation } from '@/trainer/simulate/run-simulation';
import { loadSimulationData } from '@/trainer/simulate/simulation-data';
import { parseFlags } from '../flags';
import { createProgressBar } from '../output';
import type { CliCommand } from '../types';
import { reportSimulation, writeResultJson } from './simulate-report';

const list = (s: string) => s.split(',').map((v) => v.trim()).filter(Boolean);
const count = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const simulateFlagsSchema = z.object({
  data: z.string().min(1),
  test: z.string().min(1).optional(),
  strategies: z.string().default('random,entropy,bald,committee,diverse').transform(list).pipe(z.array(z.string()).min(1)),
  'seed-labels': count(2, 100_000).default(50),
  batch: count(1, 100_000).default(50),
  rounds: count(1, 1000).default(12),
  seeds: count(1, 100).default(3),
  seed: z.coerce.number().int().default(1),
  model: modelKindSchema.default('cnn'),
  variant: z.string().min(1).optional(),
  'feature-cache': z.string().min(1).optional(),
  'image-size': count(16, 512).default(128),
  epochs: count(1, 1000).optional(),
  patience: count(1, 100).optional(),
  'test-fraction': z.coerce.number().min(0.05).max(0.9).default(0.25),
  'validation-fraction': z.coerce.number().min(0.05).max(0.5).default(0.15),
  'mc-passes': count(2, 200).default(20),
  'committee-size': count(2, 3).default(3),
  'cold-start': z.boolean().default(false),
  'split-seed': z.coerce.number().int().optional(),
  part: z.boolean().default(false),
  threads: count(1, 8).optional(),
  normal: z.string().transform(list).optional(),
  out: z.string().min(1).default('simulate-results'),
  json: z.string().min(1).optional(),
});

const options = {
  data: { type: 'string' },
  test: { type: 'string' },
  strategies: { type: 'string' },
  'seed-labels': { type: 'string' },
  batch: { type: 'string' },
  rounds: { type: 'string' },
  seeds: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  variant: { type: 'string' },
  'feature-cache': { type: 'string' },
  'image-size': { type: 'string' },
  epochs: { type: 'string' },
  patience: { type: 'string' },
  'test-fraction': { type: 'string' },
  'validation-fraction': { type: 'string' },
  'mc-passes': { type: 'string' },
  'committee-size': { type: 'string' },
  'cold-start': { type: 'boolean' },
  'split-seed': { type: 'string' },
  part: { type: 'boolean' },
  threads: { type: 'string' },
  normal: { type: 'string' },
  out: { type: 'string' },
  json: { type: 'string' },
} as const;

const help = `Usage: neuroloop simulate --data DIR [--strategies random,entropy,bald,committee,diverse]
                          [--seed-labels 50] [--batch 50] [--rounds R] [--seeds 3] [--out DIR] [flags]

Does active learning pay on this dataset? Hides the labels of a labelled folder, starts every
strategy from the same stratified seed set, and lets an oracle answer each strategy's batch.
Each round trains the model (warm-started from the previous round), records held-out test
macro F1, accuracy and lesion sensitivity, scores the unlabelled pool and labels the top batch.
Prints, per strategy, the final metrics over seeds and the fraction of random's labels it
needed to reach random's final mean macro F1 (linear interpolation on the mean curves).
No database needed.

Layouts (PNG, JPEG or DICOM): DIR/labels.csv (file,label), DIR/<class>/..., or
DIR/Training/<class>/ + DIR/Testing/<class>/ (Testing is then the test set).

  --data DIR               the labelled dataset (required)
  --test DIR               an explicit test set (else a stratified --test-fraction of DIR)
  --strategies LIST        registered names (least-confidence, margin, entropy, bald, committee-vote-entropy,
                           committee-kl, diverse, random) or committee (= committee-vote-entropy);
                           random is required: it is the baseline
  --seed-labels N          stratified random labels to start from (default 50)
  --batch N                labels the oracle gives per round (default 50)
  --rounds R               query rounds after the seed set (default 12: 50 + 12 x 50 = 650 labels)
  --seeds K                repeats with different seed sets and initial weights (default 3)
  --seed S                 first seed; the test split uses it too (default 1)
  --model KIND             cnn, resnet or resnet50 (default cnn)
  --variant NAME           the kind's variant (default the trainer's: cnn fast, resnet resnet10,
                           resnet50 finetune); resnet50 frozen trains only the head on the
                           pretrained backbone's features, which are computed once per scan
  --feature-cache DIR      keep resnet50 backbone features on disk, shared by parallel parts
                           and later runs (default: in memory for this process)
  --image-size S           input size (default 128, as the trainer; images are shrunk to it on load)
  --epochs N               epochs per round (default: the trainer's, 30 for cnn and resnet)
  --patience N             early stopping on the labelled validation part (default: the trainer's, 5)
  --test-fraction F        test share of a flat dataset (default 0.25)
  --validation-fraction F  share of each answered batch kept for validation (default 0.15)
  --mc-passes N            MC-dropout passes for bald (default 20)
  --committee-size N       committee strategies train N models of --model with different seeds
                           each round and compare them (2 or 3, default 3); their test metrics
                           are member 1's, like every other strategy's single model
  --cold-start             train every round from scratch instead of warm-starting
  --split-seed S           seed of the test split (default --seed): keep it fixed when seeds run
                           as separate processes, then combine them with simulate-merge
  --part                   one part of an experiment (any strategies, random not required): writes
                           only --json, for simulate-merge to summarise with the other parts
  --threads N              WASM threads (default: the machine's cores)
  --normal LIST            labels meaning "no lesion" (default: guessed, e.g. normal)
  --out DIR                curves.csv and curves.png go here (default ./simulate-results)
  --json FILE              also write every point, the summary and timings as JSON

Environment: TFJS_BACKEND forces a backend (tensorflow-gpu | tensorflow | wasm | cpu).
`;

export const command: CliCommand = {
  name: 'simulate',
  summary: 'Simulate active learning on a labelled folder: label efficiency of each strategy vs random',
  help,
  async run(args, io) {
    const { flags } = parseFlags(args, options, simulateFlagsSchema);
    if (flags.part && !flags.json) throw new AppError({ code: 'BAD_REQUEST', message: '--part writes its result with --json FILE for simulate-merge' });
    const strategies = resolveStrategies(flags.strategies, { part: flags.part });
    const config = loadConfig();
    const backend = await chooseBackend({ force: config.TFJS_BACKEND, wasmThreads: flags.threads ?? config.TFJS_WASM_THREADS, logger: createLogger('silent') });
    io.stdout.write(`backend: ${backend.name} (${backend.threads} thread${backend.threads > 1 ? 's' : ''})\n`);

    const loading = createProgressBar(io, 'decoding');
    const data = await loadSimulationData(path.resolve(flags.data), {
      decode: (bytes, name) => decodeImageBuffer(bytes, name),
      testDir: flags.test && path.resolve(flags.test),
      testFraction: flags['test-fraction'],
      splitSeed: flags['split-seed'] ?? flags.seed,
      maxSide: flags['image-size'],
      normalLabels: flags.normal,
      onFile: (done, total) => loading.update(done, total),
    });
    loading.done(`pool ${data.pool.length}, test ${data.test.length}; classes ${data.labels.join(', ')}; normal: ${data.normalLabels.join(', ') || '(none)'}`);

    // Unless told otherwise, each round trains as the trainer's retraining job would.
    const trainer = resolveModelConfig({ kind: flags.model, variant: flags.variant }).training;
    const seeds = Array.from({ length: flags.seeds }, (_, k) => flags.seed + k);
    const total = seeds.length * strategies.length * (flags.rounds + 1);
    let done = 0;
    const bar = createProgressBar(io, 'simulating');
    const result = await runSimulation(data, {
      strategies, seeds,
      seedLabels: flags['seed-labels'], batch: flags.batch, rounds: flags.rounds,
      model: flags.model, variant: flags.variant, imageSize: flags['image-size'], epochs: flags.epochs ?? trainer.epochs, patience: flags.patience ?? trainer.patience,
      validationFraction: flags['validation-fraction'], mcDropoutPasses: flags['mc-passes'],
      committeeSize: flags['committee-size'], warmStart: !flags['cold-start'], part: flags.part, backend,
      featureCache: flags['feature-cache'] ? diskFeatureCache(path.resolve(flags['feature-cache'])) : undefined,
      onProgress: (e) => {
        if (e.step === 'evaluated') done++;
        const member = e.members && e.members > 1 ? ` member ${e.member}/${e.members}` : '';
        const detail = e.step === 'train' && e.training ? `${member} epoch ${e.training.epoch}/${e.training.epochs}` : e.step === 'evaluated' ? ` F1 ${e.point!.macroF1.toFixed(3)}` : ` ${e.step}`;
        bar.update(done, total, `${e.strategy} seed ${e.seed} round ${e.round} (${e.labels} labels)${detail}`);
      },
    });
    bar.done(`${result.points.length} evaluations in ${(result.timings.wallSeconds / 60).toFixed(1)} min`);

    const command = ['neuroloop', 'simulate', ...args].join(' ');
    if (result.summary) await reportSimulation(io, { ...result, summary: result.summary }, { out: flags.out, json: flags.json, command });
    else await writeResultJson(io, result, flags.json!, command);
    return 0;
  },
};
