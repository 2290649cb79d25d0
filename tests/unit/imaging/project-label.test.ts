import { describe, expect, it } from 'vitest';
import { matchProjectLabel } from '@/lib/imaging/project-label';

const labels = ['normal', 'Glioma', 'meningioma'];

describe('matchProjectLabel', () => {
  it('keeps a label of the project as it is', () => {
    expect(matchProjectLabel('meningioma', labels)).toEqual({ ok: true, label: 'meningioma' });
  });

  it('maps a label that differs only in case or surrounding spaces to the project’s spelling', () => {
    expect(matchProjectLabel('glioma', labels)).toEqual({ ok: true, label: 'Glioma' });
    expect(matchProjectLabel(' MENINGIOMA ', labels)).toEqual({ ok: true, label: 'meningioma' });
  });

  it('refuses a label outside the set, naming the set', () => {
    expect(matchProjectLabel('pituitary', labels)).toEqual({
      ok: false,
      message: 'Prior label "pituitary" is not one of this project\'s labels (normal, Glioma, meningioma).',
    });
    expect(matchProjectLabel('__proto__', labels).ok).toBe(false);
  });

  it('refuses a label that matches two project labels ignoring case', () => {
    expect(matchProjectLabel('a', ['A', 'b', ' a']).ok).toBe(false);
  });
});
