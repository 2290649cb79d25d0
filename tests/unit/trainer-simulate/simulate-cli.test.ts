import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/run-cli';
import { simulationPointSchema } from '@/lib/simulation/schemas';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import type { SimulationResult } from '@/trainer/simulate/run-simulation';

let root: string;

describe('neuroloop simulate, end to end on a tiny synthetic CT folder', () => {
  beforeAll(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'neuroloop-simulate-'));
    process.env.TFJS_BACKEND = 'wasm';
    await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: 40,
      outDir: path.join(root, 'ct'),
      seed: 5,
      difficulty: 0,
      size: 48,
    });
  });
  afterAll(async () => {
    delete process.env.TFJS_BACKEND;
    await fs.rm(root, { recursive: true, force: true });
  });

  it('runs two strategies over two seeds: table, CSV, PNG and JSON', async () => {
    const out = path.join(root, 'out');
    const json = path.join(out, 'result.json');
    const r = await runCli([
      'simulate',
      '--data',
      path.join(root, 'ct'),
      '--strategies',
      'random,entropy',
      '--seed-labels',
      '8',
      '--batch',
      '6',
      '--rounds',
      '2',
      '--seeds',
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
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^pool 30, test 10; classes hemorrhage, normal; normal: normal$/m);
    expect(r.out).toMatch(/^random\s+2\s+20\s/m);
    expect(r.out).toMatch(/^entropy\s+2\s+20\s/m);
    expect(r.out).toMatch(/random's final mean macro F1: \d\.\d{3} at 20 labels/);

    const csv = (await fs.readFile(path.join(out, 'curves.csv'), 'utf8')).trim().split('\n');
    expect(csv[0]).toBe('strategy,seed,round,labels,macro_f1,accuracy,lesion_sensitivity');
    expect(csv).toHaveLength(1 + 2 * 2 * 3);
    expect((await fs.readFile(path.join(out, 'curves.png'))).subarray(1, 4).toString()).toBe('PNG');

    const result = JSON.parse(await fs.readFile(json, 'utf8')) as SimulationResult;
    const points = result.points.map((p) => simulationPointSchema.parse(p));
    expect(points.filter((p) => p.strategy === 'entropy' && p.seed === 1).map((p) => p.labels)).toEqual([8, 14, 20]);
    // Same seed set and same training seeds: both strategies' round-0 models are the same model.
    for (const seed of [1, 2]) {
      const first = points.filter((p) => p.seed === seed && p.round === 0);
      expect(first).toHaveLength(2);
      expect(first[0].macroF1).toBe(first[1].macroF1);
    }
    expect(result.summary?.baseline).toBe('random');
    expect(result.summary?.strategies.map((s) => s.strategy)).toEqual(['random', 'entropy']);
    expect(result.dataset).toMatchObject({ pool: 30, test: 10, normalLabels: ['normal'] });
    expect(result.timings.rounds).toHaveLength(12);
  });

  it('runs parts (a strategy and a seed each) as separate processes and merges them into the same result as one run', async () => {
    const common = [
      '--data',
      path.join(root, 'ct'),
      '--seed-labels',
      '8',
      '--batch',
      '6',
      '--rounds',
      '2',
      '--image-size',
      '32',
      '--epochs',
      '1',
      '--split-seed',
      '1',
      '--threads',
      '1',
    ];
    const part = async (strategy: string, seed: number) => {
      const json = path.join(root, `part-${strategy}-${seed}.json`);
      const r = await runCli([
        'simulate',
        ...common,
        '--part',
        '--strategies',
        strategy,
        '--seeds',
        '1',
        '--seed',
        String(seed),
        '--json',
        json,
      ]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out).not.toMatch(/final macro F1/);
      return json;
    };
    const parts = [
      await part('entropy', 2),
      await part('random', 1),
      await part('random', 2),
      await part('entropy', 1),
    ];
    const merged = path.join(root, 'merged.json');
    const r = await runCli(['simulate-merge', ...parts, '--out', path.join(root, 'merged'), '--json', merged]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^random\s+2\s+20\s/m);
    expect(r.out).toMatch(/^entropy\s+2\s+20\s/m);
    const whole = JSON.parse(await fs.readFile(path.join(root, 'out', 'result.json'), 'utf8')) as SimulationResult;
    const combined = JSON.parse(await fs.readFile(merged, 'utf8')) as SimulationResult;
    const key = (p: SimulationResult['points'][number]) => `${p.strategy}/${p.seed}/${p.round}`;
    const sorted = (ps: SimulationResult['points']) => [...ps].sort((a, b) => key(a).localeCompare(key(b)));
    expect(sorted(combined.points)).toEqual(sorted(whole.points));
    expect(combined.settings).toMatchObject({ seeds: [1, 2], strategies: ['entropy', 'random'] });
    expect(combined.summary).toEqual({ ...whole.summary, strategies: [...whole.summary!.strategies].reverse() });
    expect((await fs.readFile(path.join(root, 'merged', 'curves.png'))).subarray(1, 4).toString()).toBe('PNG');

    const twice = await runCli(['simulate-merge', parts[0], parts[0], '--out', path.join(root, 'merged')]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/entropy seed 2 appears in more than one run/);
    const noBaseline = await runCli(['simulate-merge', parts[0], parts[3], '--out', path.join(root, 'merged')]);
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.err).toMatch(/baseline strategy "random"/);
    const other = JSON.parse(await fs.readFile(parts[1], 'utf8')) as SimulationResult;
    other.settings.batch = 7;
    await fs.writeFile(parts[1], JSON.stringify(other));
    const differ = await runCli(['simulate-merge', ...parts, '--out', path.join(root, 'merged')]);
    expect(differ.code).toBe(2);
    expect(differ.err).toMatch(/run 2 differs from run 1/);
  });

  it('rejects a list without the random baseline and unknown strategies before loading anything', async () => {
    const missing = await runCli(['simulate', '--data', path.join(root, 'nowhere'), '--strategies', 'entropy,bald']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/include "random"/);
    const unknown = await runCli(['simulate', '--data', path.join(root, 'nowhere'), '--strategies', 'random,coreset']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown strategy "coreset"/);
  });
});
