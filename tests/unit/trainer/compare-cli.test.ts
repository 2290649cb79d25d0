import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import type { ComparisonResult } from '@/trainer/compare/run-comparison';

let root: string;

const isPng = async (file: string) => (await fs.readFile(file)).subarray(1, 4).toString() === 'PNG';

describe('neuroloop compare, end to end on synthetic folders', () => {
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'neuroloop-compare-'));
    process.env.TFJS_BACKEND = 'wasm';
    await writeSynthDataset({
      kind: 'mri-tumor',
      count: 32,
      outDir: path.join(root, 'mri'),
      seed: 4,
      difficulty: 0,
      size: 48,
      testFraction: 0.25,
    });
    await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: 16,
      outDir: path.join(root, 'ct'),
      seed: 4,
      difficulty: 0,
      size: 48,
    });
  }, 60_000);
  afterAll(async () => {
    delete process.env.TFJS_BACKEND;
    await fs.rm(root, { recursive: true, force: true });
  });

  it(
    'compares all three models on a Training/Testing PNG folder: table, PNGs and JSON',
    { timeout: 300_000 },
    async () => {
      const json = path.join(root, 'out', 'mri.json');
      const r = await runCli([
        'compare',
        '--data',
        path.join(root, 'mri'),
        '--image-size',
        '32',
        '--epochs',
        '1',
        '--json',
        json,
      ]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/tfjs backend: WASM/);
      expect(r.out).toMatch(/held-out test folder; normal: notumor/);
      for (const metric of [
        'accuracy',
        'macro F1',
        'macro ROC AUC',
        'glioma recall',
        'lesions called normal',
        'ECE after scaling',
        'training time \\(s\\)',
      ]) {
        expect(r.out).toMatch(new RegExp(`^${metric}\\s`, 'm'));
      }
      expect(r.out).toMatch(/^metric\s+baseline\s+cnn\s+resnet\s+resnet50$/m);
      expect(r.out).toMatch(/^shortcut check .*: width 0\.50, height 0\.50, format 0\.50/m);
      expect(r.out).not.toMatch(/WARNING/);
      for (const kind of ['baseline', 'cnn', 'resnet', 'resnet50'])
        expect(await isPng(path.join(root, 'out', `confusion-${kind}.png`))).toBe(true);
      const result = JSON.parse(await fs.readFile(json, 'utf8')) as ComparisonResult;
      expect(result.labels).toEqual(['glioma', 'meningioma', 'notumor', 'pituitary']);
      expect(result.layout).toBe('split');
      expect(result.models.map((m) => m.kind)).toEqual(['baseline', 'cnn', 'resnet', 'resnet50']);
      expect(result.models[0].variant).toMatch(/logistic regression \(L2 [\d.]+\)/);
      expect(result.shortcuts?.warning).toBeNull();
      const testing = (await fs.readdir(path.join(root, 'mri', 'Testing'), { recursive: true })).filter((f) =>
        String(f).endsWith('.png'),
      );
      for (const m of result.models) expect(m.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(testing.length);
    },
  );

  it(
    'runs K-fold cross-validation on a flat DICOM folder with labels.csv, with the ensemble',
    { timeout: 300_000 },
    async () => {
      const out = path.join(root, 'ct-out');
      const json = path.join(out, 'ct.json');
      const r = await runCli([
        'compare',
        '--data',
        path.join(root, 'ct'),
        '--models',
        'cnn,resnet',
        '--ensemble',
        'yes',
        '--folds',
        '2',
        '--image-size',
        '32',
        '--epochs',
        '1',
        '--out',
        out,
        '--json',
        json,
      ]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/16 images, 2 classes \(hemorrhage, normal\); 2-fold cross-validation/);
      expect(r.out).toMatch(/^metric\s+baseline\s+cnn\s+resnet\s+ensemble$/m);
      // Mean ± sd, then the worst and the best fold, for every column.
      expect(r.out).toMatch(/^accuracy(\s+\d\.\d{3} ± \d\.\d{3} \[\d\.\d{3}, \d\.\d{3}\]){4}$/m);
      expect(r.out).toMatch(/^variant\s.*mean of cnn \(32 px\), resnet \(32 px\), each with the mirrored scan/m);
      expect(await isPng(path.join(out, 'confusion-cnn.png'))).toBe(true);
      expect(await isPng(path.join(out, 'confusion-ensemble.png'))).toBe(true);
      const result = JSON.parse(await fs.readFile(json, 'utf8')) as ComparisonResult;
      const ensemble = result.models.find((m) => m.kind === 'ensemble')!;
      // Every scan is tested once, in its fold; the ensemble costs at least its members' training.
      expect(ensemble.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(16);
      const members = result.models.filter((m) => m.kind === 'cnn' || m.kind === 'resnet');
      ensemble.folds.forEach((fold, f) =>
        expect(fold.trainSeconds).toBeGreaterThanOrEqual(members.reduce((a, m) => a + m.folds[f].trainSeconds, 0)),
      );
    },
  );

  it('takes its WASM thread count from TFJS_WASM_THREADS (a fresh process: the backend starts once)', () => {
    const r = spawnSync(
      process.execPath,
      [
        path.resolve('bin/neuroloop.mjs'),
        'compare',
        '--data',
        path.join(root, 'ct'),
        '--models',
        'cnn',
        '--folds',
        '2',
        '--image-size',
        '32',
        '--epochs',
        '1',
        '--baseline',
        'no',
        '--out',
        path.join(root, 'ct-threads'),
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, TFJS_BACKEND: 'wasm', TFJS_WASM_THREADS: '1' },
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^tfjs backend: WASM, 1 thread\b/m);
  });

  it('rejects bad flags with a usable message', async () => {
    const r = await runCli(['compare', '--data', root, '--models', 'cnn,vgg']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--models/);
  });
});
