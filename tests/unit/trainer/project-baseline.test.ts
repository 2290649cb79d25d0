import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { computeProjectBaseline } from '@/trainer/service/project-baseline';
import { tinyDataset } from './fixtures';

const labels = ['normal', 'hemorrhage'];

describe('a training job’s baseline', () => {
  let backend: BackendChoice;
  beforeAll(async () => {
    backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('is scored on the TEST scans when there are any, learns from train and validation, and caches features', async () => {
    const all = tinyDataset({ count: 20, size: 48, seed: 4 }).map((d, i) => ({ ...d, key: `scan-${i}` }));
    const memory = memoryFeatureCache();
    let computed = 0;
    const featureCache = { get: memory.get, set: (k: string, v: Float32Array) => ((computed += 1), memory.set(k, v)) };
    const dataset = { labels, train: all.slice(0, 10), validation: all.slice(10, 14), test: all.slice(14) };
    const beats: string[] = [];
    const first = await computeProjectBaseline({ backend, featureCache, beat: (s) => beats.push(s) }, dataset);
    if (!('baseline' in first)) throw new Error(first.skipped);
    expect(first.baseline).toMatchObject({
      split: 'test',
      trainCount: 14,
      imageSize: 224,
      backend: 'wasm (2 threads)',
    });
    expect(first.baseline.report.count).toBe(6);
    expect(first.baseline.report.labels).toEqual(labels);
    // Squares against discs, well apart: frozen ImageNet features tell them apart.
    expect(first.baseline.report.accuracy).toBeGreaterThanOrEqual(5 / 6);
    expect(computed).toBe(20);
    expect(beats.length).toBeGreaterThan(0);

    // The next job reads every feature back.
    const again = await computeProjectBaseline({ backend, featureCache }, dataset);
    expect(computed).toBe(20);
    expect('baseline' in again && again.baseline.report.macroF1).toBe(first.baseline.report.macroF1);
  }, 120_000);

  it('without TEST scans, scores every labelled scan from the inner fit that held it out', async () => {
    const all = tinyDataset({ count: 12, size: 48, seed: 6 }).map((d, i) => ({ ...d, key: `cf-${i}` }));
    const outcome = await computeProjectBaseline(
      { backend, featureCache: memoryFeatureCache() },
      { labels, train: all },
    );
    if (!('baseline' in outcome)) throw new Error(outcome.skipped);
    expect(outcome.baseline).toMatchObject({ split: 'validation', trainCount: 12 });
    expect(outcome.baseline.report.count).toBe(12);
  }, 120_000);

  it('says why there is none when a class has a single scan', async () => {
    const all = tinyDataset({ count: 6, size: 48, seed: 8 }).map((d, i) => ({
      ...d,
      key: `few-${i}`,
      label: i === 0 ? 1 : 0,
    }));
    const outcome = await computeProjectBaseline(
      { backend, featureCache: memoryFeatureCache() },
      { labels, train: all },
    );
    expect(outcome).toEqual({ skipped: 'a class has 1 labelled scan(s); the baseline needs 2 of each' });
  });
});
