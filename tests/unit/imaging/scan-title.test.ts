import { describe, expect, it } from 'vitest';
import { scanTitle } from '@/lib/imaging/scan-title';

describe('scanTitle', () => {
  it('names a single image by its file, a frame of a multi-frame file by its 1-based frame number', () => {
    expect(scanTitle({ originalName: 'head.dcm', frameIndex: null })).toBe('head.dcm');
    expect(scanTitle({ originalName: 'perfusion.dcm', frameIndex: 0 })).toBe('perfusion.dcm · frame 1');
    expect(scanTitle({ originalName: 'perfusion.dcm', frameIndex: 1 })).toBe('perfusion.dcm · frame 2');
  });
});
