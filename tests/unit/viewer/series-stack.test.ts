import { describe, expect, it } from 'vitest';
import { stackKeyCommand } from '@/components/viewer/stack-keys';
import { orderSeriesSlices, stackAround, type SeriesSlice } from '@/lib/imaging/series-order';

const slice = (scanId: string, over: Partial<SeriesSlice> = {}): SeriesSlice => ({
  scanId,
  title: scanId,
  originalName: `${scanId}.dcm`,
  frameIndex: null,
  ...over,
});

describe('a series as a stack', () => {
  it('orders by InstanceNumber, then frame, then file name as people read it (2 before 10)', () => {
    const ordered = orderSeriesSlices([
      slice('c', { instanceNumber: 3 }),
      slice('x', { originalName: 'img10.png' }),
      slice('a', { instanceNumber: 1 }),
      slice('y', { originalName: 'img2.png' }),
      slice('f1', { originalName: 'multi.dcm', frameIndex: 1, instanceNumber: 2 }),
      slice('f0', { originalName: 'multi.dcm', frameIndex: 0, instanceNumber: 2 }),
    ]);
    expect(ordered.map((s) => s.scanId)).toEqual(['a', 'f0', 'f1', 'c', 'y', 'x']);
  });

  it('keeps a window of slices around the asked one and says where it sits', () => {
    const ordered = Array.from({ length: 10 }, (_, i) => slice(`s${i}`, { instanceNumber: i + 1 }));
    expect(stackAround(ordered, 's5', 2)).toEqual({ slices: ordered.slice(3, 8), askedIndex: 2 });
    expect(stackAround(ordered, 's0', 2)).toEqual({ slices: ordered.slice(0, 3), askedIndex: 0 });
    expect(stackAround(ordered, 's9', 100)).toEqual({ slices: ordered, askedIndex: 9 });
    expect(stackAround(ordered, 'nope', 2)).toEqual({ slices: [], askedIndex: -1 });
  });

  it('maps ↑/PgUp to the slice before, ↓/PgDn to the slice after, Home back to the asked slice', () => {
    const key = (k: string, mods: Partial<Parameters<typeof stackKeyCommand>[0]> = {}) =>
      stackKeyCommand({ key: k, code: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });
    expect(key('ArrowUp')).toEqual({ type: 'step', by: -1 });
    expect(key('PageUp')).toEqual({ type: 'step', by: -1 });
    expect(key('ArrowDown')).toEqual({ type: 'step', by: 1 });
    expect(key('PageDown', { repeat: true })).toEqual({ type: 'step', by: 1 });
    expect(key('Home')).toEqual({ type: 'asked' });
    expect(key('ArrowDown', { ctrlKey: true })).toBeNull();
    expect(key('ArrowLeft')).toBeNull();
  });
});
