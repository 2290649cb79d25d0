import { describe, expect, it } from 'vitest';
import { fileTraitsOf, type FileTraits } from '@/lib/learn/file-traits';
import { checkShortcuts } from '@/lib/learn/shortcut-check';
import { createRng } from '@/lib/random';

const labels = ['glioma', 'notumor'];
const folds = (n: number, k: number) =>
  Array.from({ length: k }, (_, f) => Array.from({ length: n }, (_, i) => i).filter((i) => i % k === f));

function files(n: number, leakWidth: boolean, seed: number): { traits: FileTraits[]; y: number[] } {
  const rng = createRng(seed);
  const traits: FileTraits[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    // The brain-MRI folders' leak: tumours at exactly 512 px, normal slices from another source
    // at sizes both above and below it.
    const side = leakWidth && c === 0 ? 512 : [256, 300, 630, 680][rng.int(4)];
    traits.push({
      width: side,
      height: leakWidth ? side : 512,
      format: 'jpeg',
      channels: 1,
      bitDepth: 8,
      fileBytes: 20_000 + rng.int(20_000),
    });
    y.push(c);
  }
  return { traits, y };
}

describe('shortcut check', () => {
  it('names the image size when it gives the class away, even though the leak is not monotonic', () => {
    const { traits, y } = files(200, true, 1);
    const r = checkShortcuts({ traits, y, labels, folds: folds(200, 5) });
    expect(r.leaking.map((f) => f.feature).sort()).toEqual(['height', 'width']);
    expect(r.findings.find((f) => f.feature === 'width')!.auc).toBeGreaterThan(0.95);
    expect(r.findings.find((f) => f.feature === 'fileBytes')!.auc).toBeLessThan(0.7);
    expect(r.warning).toMatch(/image width \(AUC 1\.00\)/);
    expect(r.warning).toMatch(/without looking at the image/);
  });

  it('stays quiet when nothing but the content tells the class', () => {
    const { traits, y } = files(200, false, 2);
    const r = checkShortcuts({ traits, y, labels, folds: folds(200, 5) });
    expect(r.leaking).toEqual([]);
    expect(r.warning).toBeNull();
    // A constant trait carries nothing: chance level.
    expect(r.findings.find((f) => f.feature === 'format')!.auc).toBe(0.5);
  });

  it('reads plain-image and DICOM metadata', () => {
    expect(
      fileTraitsOf({ width: 10, height: 20, modality: 'OT', meta: { format: 'png', channels: 3, bitDepth: 16 } }, 1234),
    ).toEqual({ width: 10, height: 20, format: 'png', channels: 3, bitDepth: 16, fileBytes: 1234 });
    expect(
      fileTraitsOf({ width: 512, height: 512, modality: 'CT', meta: { SamplesPerPixel: 1, BitsStored: 12 } }, 99),
    ).toEqual({ width: 512, height: 512, format: 'dicom', channels: 1, bitDepth: 12, fileBytes: 99 });
  });
});
