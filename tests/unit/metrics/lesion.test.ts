import { describe, expect, it } from 'vitest';
import { guessNormalLabels, lesionSensitivity } from '@/lib/metrics/lesion';

const labels = ['glioma', 'meningioma', 'notumor', 'pituitary'];
const matrix = [
  [5, 1, 2, 0],
  [0, 4, 1, 1],
  [1, 0, 8, 1],
  [0, 0, 0, 6],
];

describe('lesion sensitivity', () => {
  it('gives per-lesion-class sensitivity and the lesions called normal', () => {
    const s = lesionSensitivity(matrix, labels, ['notumor']);
    expect(s.perClass).toEqual([
      { label: 'glioma', sensitivity: 5 / 8, count: 8, calledNormal: 2 },
      { label: 'meningioma', sensitivity: 4 / 6, count: 6, calledNormal: 1 },
      { label: 'pituitary', sensitivity: 1, count: 6, calledNormal: 0 },
    ]);
    expect(s.lesionCount).toBe(20);
    expect(s.lesionsCalledNormal).toBe(3);
    expect(s.detectionSensitivity).toBeCloseTo(17 / 20, 12);
  });

  it('has no detection sensitivity without lesions', () => {
    expect(lesionSensitivity([[3]], ['normal'], ['normal']).detectionSensitivity).toBeNull();
  });

  it('recognises the usual names of the no-lesion class', () => {
    expect(guessNormalLabels(['hemorrhage', 'normal'])).toEqual(['normal']);
    expect(guessNormalLabels(labels)).toEqual(['notumor']);
    expect(guessNormalLabels(['no_tumor', 'No Hemorrhage', 'glioma', 'healthy'])).toEqual([
      'no_tumor',
      'No Hemorrhage',
      'healthy',
    ]);
  });
});
