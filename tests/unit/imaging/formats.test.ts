import { describe, expect, it } from 'vitest';
import { canonicalSamples } from '@/lib/imaging/canonical-samples';
import { inferFromLayout } from '@/lib/imaging/dataset-layout';
import { createLabelIndex } from '@/lib/imaging/label-index';
import { formatLabelsCsv, parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { decodePreview, encodePreview } from '@/lib/imaging/preview-format';
import { rejectReasonOf } from '@/lib/imaging/reject-reasons';
import { safeRelativeName } from '@/lib/imaging/safe-name';
import { downsampleBox, thumbnailRaster } from '@/lib/imaging/thumbnail-pixels';
import type { DecodedImage } from '@/lib/imaging/types';

const image = (pixels: number[], width: number, extra: Partial<DecodedImage> = {}): DecodedImage => ({
  pixels: Float32Array.from(pixels),
  width,
  height: pixels.length / width,
  modality: 'CT',
  hounsfield: true,
  meta: { Modality: 'CT' },
  ...extra,
});

describe('labels CSV', () => {
  it('round-trips quoting, subtypes, CRLF and a BOM', () => {
    const rows = [
      { file: 'a,b.dcm', label: 'hemorrhage', subtypes: ['subdural', 'epidural'] },
      { file: 'x "q".png', label: 'normal', subtypes: [] },
    ];
    expect(parseLabelsCsv('\uFEFF' + formatLabelsCsv(rows).replace(/\n/g, '\r\n'))).toEqual(rows);
  });

  it('refuses a CSV without file and label columns, or with an empty label', () => {
    expect(() => parseLabelsCsv('name,class\na,b\n')).toThrow(/file.*label/);
    expect(() => parseLabelsCsv('file,label\na.png,\n')).toThrow(/line 2/);
  });

  it('matches by content hash, relative path, path below the root, then unambiguous base name', () => {
    const hash = 'ab'.repeat(32);
    const index = createLabelIndex([
      { file: hash.toUpperCase(), label: 'by-hash', subtypes: [] },
      { file: 'Training/x/1.png', label: 'by-path', subtypes: [] },
      { file: 'dup.png', label: 'one', subtypes: [] },
      { file: 'other/dup.png', label: 'two', subtypes: [] },
      { file: 'solo.png', label: 'by-base', subtypes: [] },
    ]);
    expect(index.lookup('root/a.png', hash)?.label).toBe('by-hash');
    expect(index.lookup('root/Training/x/1.png', 'h')?.label).toBe('by-path');
    expect(index.lookup('root/deep/solo.png', 'h')?.label).toBe('by-base');
    expect(index.lookup('root/z/dup.png', 'h')).toBeUndefined();
  });
});

describe('dataset layout and names', () => {
  it.each([
    ['set/Training/glioma/a.png', { split: 'TRAIN', label: 'glioma' }],
    ['set/Testing/notumor/b.jpg', { split: 'TEST', label: 'notumor' }],
    ['val/pituitary/c.png', { split: 'VALIDATION', label: 'pituitary' }],
    ['Training/a.png', { split: 'TRAIN', label: undefined }],
    ['patient7/series2/img.dcm', {}],
  ])('%s', (name, expected) => expect(inferFromLayout(name)).toEqual(expected));

  it('refuses traversal, absolute and drive-letter names and normalises the rest', () => {
    for (const bad of ['../x.png', 'a/../../x.png', '/etc/passwd', 'C:\\x.png', 'a\\..\\b.png', 'a\0.png', '']) {
      let error: unknown;
      try {
        safeRelativeName(bad);
      } catch (e) {
        error = e;
      }
      expect(rejectReasonOf(error), JSON.stringify(bad)).toBe('unsafe-path');
    }
    expect(safeRelativeName('set\\Training/./a.png')).toBe('set/Training/a.png');
  });
});

describe('preview files and thumbnails', () => {
  it('stores integer HU as int16 and other values as float32, both exactly', () => {
    const ct = image([-1024, 0, 40, 3071], 2, { window: { width: 80, center: 40 }, frameIndex: 1 });
    const back = decodePreview(encodePreview(ct));
    expect(back).toEqual(ct);
    expect(canonicalSamples(ct.pixels)).toBeInstanceOf(Int16Array);
    const float = image([0.5, -2.25, 1e6, 3], 2, { modality: 'MR', hounsfield: false });
    expect(canonicalSamples(float.pixels)).toBeInstanceOf(Float32Array);
    expect(decodePreview(encodePreview(float)).pixels).toEqual(float.pixels);
    expect(() => decodePreview(encodePreview(ct).subarray(0, 40))).toThrow(/truncated|header/);
  });

  it('box-averages to the thumbnail size, including strips thinner than the factor', () => {
    const small = downsampleBox(Float32Array.from([1, 3, 5, 7, 2, 4, 6, 8]), 4, 2, 2);
    expect(small).toEqual({ pixels: Float32Array.from([2.5, 6.5]), width: 2, height: 1 });
    expect(downsampleBox(new Float32Array(1000).fill(2), 1000, 1, 100)).toMatchObject({ width: 100, height: 1 });
    const raster = thumbnailRaster(
      image(
        Array.from({ length: 256 * 256 }, (_, i) => (i % 256) - 20),
        256,
      ),
      128,
    );
    expect([raster.width, raster.height, raster.pixels[0], raster.pixels[127]]).toEqual([128, 128, 0, 255]); // brain window for CT
  });
});
