import { describe, expect, it } from 'vitest';
import { seriesKeyOf } from '@/server/imaging/import-one-item';

describe('seriesKeyOf: which scans the stack viewer keeps together', () => {
  it('is the DICOM SeriesInstanceUID when the file names one', () => {
    expect(seriesKeyOf('ct/a/1.dcm', { SeriesInstanceUID: '1.2.3.4' })).toBe('1.2.3.4');
    expect(seriesKeyOf('ct/a/1.dcm', { SeriesInstanceUID: ' 1.2.3.4 ' })).toBe('1.2.3.4');
  });

  it('is the folder for PNG/JPEG and for DICOM without a series UID', () => {
    expect(seriesKeyOf('brain-mri/Training/glioma/x.png', null)).toBe('brain-mri/Training/glioma');
    expect(seriesKeyOf('ct/a/1.dcm', { SeriesInstanceUID: '' })).toBe('ct/a');
    expect(seriesKeyOf('ct/a/1.dcm', {})).toBe('ct/a');
  });

  it("is '' for a file given alone", () => {
    expect(seriesKeyOf('x.png', null)).toBe('');
  });
});
