import { describe, expect, it } from 'vitest';
import { mostLikelyIndex } from '@/lib/labels/most-likely';
import { modelKindName, modelName } from '@/lib/models/model-name';

describe('model names', () => {
  it('reads the same on every page: "ResNet50 v2"', () => {
    expect(modelName({ kind: 'RESNET50', version: 2 })).toBe('ResNet50 v2');
    expect(modelName({ kind: 'RESNET', version: 1 })).toBe('ResNet v1');
    expect(modelName({ kind: 'CNN', version: 3 })).toBe('CNN v3');
    expect(modelKindName('RESNET50')).toBe('ResNet50');
    expect(modelKindName('VIT')).toBe('VIT');
  });
});

describe('the most likely class', () => {
  it('is the highest probability, the first of equals, none for no classes', () => {
    expect(mostLikelyIndex([0.1, 0.7, 0.2])).toBe(1);
    expect(mostLikelyIndex([0.4, 0.4, 0.2])).toBe(0);
    expect(mostLikelyIndex([])).toBe(-1);
  });
});
