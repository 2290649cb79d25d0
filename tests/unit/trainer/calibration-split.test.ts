import { describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { trainModel } from '@/trainer/train/train-model';
import { tinyDataset } from './fixtures';

describe('the temperature is fitted on examples early stopping never saw', () => {
  it('splits the held-out examples into early stopping and calibration, stratified', async () => {
    const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    const data = tinyDataset({ count: 70, size: 32, seed: 2 });
    const trained = await trainModel(
      { labels: ['square', 'disk'], train: data.slice(0, 40), validation: data.slice(40) },
      {
        backend,
        config: {
          kind: 'cnn',
          preprocessing: { imageSize: 32 },
          training: { epochs: 1, batchSize: 16, seed: 3 },
        },
      },
    );
    expect(trained.card.exampleCounts).toEqual({ train: 40, validation: 18, calibration: 12, test: 0 });
    expect(trained.metrics.validation.count).toBe(18);
    const { eceBefore, eceAfter } = trained.metrics.validation.calibration;
    expect(Number.isFinite(eceBefore) && Number.isFinite(eceAfter)).toBe(true);
    trained.model.dispose();
  });

  it('shares them when there are too few to split', async () => {
    const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    const data = tinyDataset({ count: 50, size: 32, seed: 4 });
    const trained = await trainModel(
      { labels: ['square', 'disk'], train: data.slice(0, 40), validation: data.slice(40) },
      { backend, config: { kind: 'cnn', preprocessing: { imageSize: 32 }, training: { epochs: 1, seed: 3 } } },
    );
    expect(trained.card.exampleCounts).toMatchObject({ validation: 10, calibration: 0 });
    trained.model.dispose();
  });
});
