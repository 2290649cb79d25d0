import { describe, expect, it } from 'vitest';
import { cnnVariants } from '@/lib/models/configs';
import { buildCnn } from '@/trainer/models/cnn';

describe('buildCnn input size', () => {
  const build = (side: number) =>
    buildCnn({ inputShape: [side, side, 3], classCount: 2, dropout: 0.3, architecture: cnnVariants.fast });

  it('refuses an input its pooling would shrink to nothing, naming the smallest size that works', () => {
    // fast: stride-4 stem then three 2x2 pools: 16 -> 4 -> 2 -> 1 -> 0.
    expect(() => build(16)).toThrow(/16x16 input is too small .* at least 29/);
    expect(() => build(28)).toThrow(/at least 29/);
  });

  it('builds from the smallest size that leaves one pixel', () => {
    // 29 -> 8 -> 4 -> 2 -> 1.
    const model = build(29);
    expect(model.outputs[0].shape).toEqual([null, 2]);
    model.dispose();
  });
});
