import { describe, expect, it } from 'vitest';
import { screenToImage } from '@/lib/imaging/render';
import { ctWindowPresets } from '@/lib/imaging/windows';
import { activePreset, describeImage } from '@/components/viewer/viewer-presets';
import {
  commandAction,
  initialViewerState,
  resolveTransform,
  viewerReducer,
  windowSetBy,
  zoomLimits,
} from '@/components/viewer/viewer-state';

const ct = Float32Array.from({ length: 64 * 64 }, (_, i) => (i % 4096) - 1024);
const fitted = { zoom: 2, panX: 10, panY: 0 };
const limits = { min: 0.5, max: 32 };

describe('describeImage presets', () => {
  it('offers the four CT window presets on 1-4 and the file window on 5', () => {
    const stats = describeImage({ pixels: ct, hounsfield: true, window: { width: 350, center: 50 } });
    expect(stats.presets.map((p) => [p.digit, p.id])).toEqual([
      [1, 'brain'],
      [2, 'subdural'],
      [3, 'bone'],
      [4, 'stroke'],
      [5, 'file'],
    ]);
    expect(stats.presets[0].window).toEqual({ width: 80, center: 40 });
    expect(stats.presets[1].window).toEqual({ width: 200, center: 75 });
    expect(stats.presets[2].window).toEqual({ width: 2800, center: 600 });
    expect(stats.presets[3].window).toEqual({ width: 40, center: 40 });
    expect(stats.presets[4].window).toEqual({ width: 350, center: 50 });
    expect(stats.defaultWindow).toEqual({ width: 350, center: 50 });
  });

  it('defaults to the brain window for HU images without a file window', () => {
    const stats = describeImage({ pixels: ct, hounsfield: true });
    expect(stats.defaultWindow).toEqual(ctWindowPresets.brain);
    expect(stats.presets[4].label).toBe('Auto');
  });

  it('gives non-HU images relative presets around the auto window', () => {
    const png = Float32Array.from({ length: 1000 }, (_, i) => i % 256);
    const { presets, defaultWindow } = describeImage({ pixels: png, hounsfield: false });
    const [auto, narrow, wide, full] = presets;
    // No file window: 5 would only repeat Auto, so it is not offered (no two buttons named alike).
    expect(presets.map((p) => p.id)).toEqual(['auto', 'narrow', 'wide', 'full']);
    expect(narrow.window.width).toBeCloseTo(auto.window.width / 2);
    expect(wide.window.width).toBeCloseTo(auto.window.width * 2);
    expect(full.window).toEqual({ width: 255, center: 127.5 });
    expect(defaultWindow).toEqual(auto.window);
  });

  it('offers a non-HU file window on 5 when the file has one', () => {
    const png = Float32Array.from({ length: 1000 }, (_, i) => i % 256);
    const { presets, defaultWindow } = describeImage({
      pixels: png,
      hounsfield: false,
      window: { width: 100, center: 60 },
    });
    expect(presets.map((p) => [p.digit, p.label])).toEqual([
      [1, 'Auto'],
      [2, 'Narrow'],
      [3, 'Wide'],
      [4, 'Full'],
      [5, 'File'],
    ]);
    expect(defaultWindow).toEqual({ width: 100, center: 60 });
  });

  it('finds the preset matching the current window', () => {
    const { presets } = describeImage({ pixels: ct, hounsfield: true });
    expect(activePreset(presets, { width: 2800, center: 600 })?.id).toBe('bone');
    expect(activePreset(presets, { width: 2801, center: 600 })).toBeNull();
  });
});

describe('viewerReducer', () => {
  const start = initialViewerState(ct, ctWindowPresets.brain);

  it('toggles invert and resets window, invert and view together', () => {
    let s = viewerReducer(start, { type: 'invert' });
    s = viewerReducer(s, { type: 'window', windowLevel: ctWindowPresets.bone });
    s = viewerReducer(s, { type: 'pan', dx: 5, dy: 5, fitted });
    expect(s.invert).toBe(true);
    expect(s.view.mode).toBe('free');
    const reset = viewerReducer(s, { type: 'reset' });
    expect(reset).toEqual(start);
  });

  it('zooms from the fitted view about the anchor and fits again on demand', () => {
    const anchor = { x: 100, y: 50 };
    const zoomed = viewerReducer(start, { type: 'zoom', factor: 2, anchor, fitted, limits });
    const t = resolveTransform(zoomed.view, fitted);
    expect(t.zoom).toBe(4);
    expect(screenToImage(t, anchor)).toEqual(screenToImage(fitted, anchor));
    expect(viewerReducer(zoomed, { type: 'fit' }).view).toEqual({ mode: 'fit' });
  });

  it('accumulates pans on its own transform, not the stale fitted one', () => {
    let s = viewerReducer(start, { type: 'pan', dx: 3, dy: 0, fitted });
    s = viewerReducer(s, { type: 'pan', dx: 4, dy: -2, fitted });
    expect(resolveTransform(s.view, fitted)).toEqual({ zoom: 2, panX: 17, panY: -2 });
  });

  it('a new image starts afresh', () => {
    const s = viewerReducer(viewerReducer(start, { type: 'invert' }), {
      type: 'load',
      source: new Float32Array(4),
      defaultWindow: { width: 10, center: 5 },
    });
    expect(s.invert).toBe(false);
    expect(s.windowLevel).toEqual({ width: 10, center: 5 });
  });

  it("another slice of the same stack keeps the reader's window, invert and zoom", () => {
    let s = viewerReducer(start, { type: 'load', source: ct, defaultWindow: ctWindowPresets.brain, viewKey: 'scan-a' });
    s = viewerReducer(s, { type: 'window', windowLevel: ctWindowPresets.bone });
    s = viewerReducer(s, { type: 'invert' });
    s = viewerReducer(s, { type: 'zoom', factor: 2, anchor: { x: 0, y: 0 }, fitted, limits });
    const slice = new Float32Array(4);
    const swapped = viewerReducer(s, { type: 'swap', source: slice });
    expect(swapped).toEqual({ ...s, source: slice });
    expect(swapped.viewKey).toBe('scan-a');
  });

  it('zoom limits run from a quarter of fit to at least 32x', () => {
    expect(zoomLimits({ width: 512, height: 512 }, { width: 1024, height: 1024 })).toEqual({ min: 0.5, max: 32 });
  });
});

describe('commandAction', () => {
  const { presets } = describeImage({ pixels: ct, hounsfield: true });

  it('maps preset digits to windows and passes view commands through', () => {
    expect(commandAction({ type: 'preset', digit: 3 }, presets)).toEqual({
      type: 'window',
      windowLevel: ctWindowPresets.bone,
    });
    expect(commandAction({ type: 'invert' }, presets)).toEqual({ type: 'invert' });
    expect(commandAction({ type: 'preset', digit: 9 }, presets)).toBeNull();
  });
});

describe('windowSetBy', () => {
  const state = { defaultWindow: { width: 350, center: 50 } };

  it('reports the window a change sets, and nothing for view-only changes', () => {
    expect(windowSetBy({ type: 'window', windowLevel: ctWindowPresets.stroke }, state)).toEqual(ctWindowPresets.stroke);
    expect(windowSetBy({ type: 'reset' }, state)).toEqual(state.defaultWindow);
    expect(windowSetBy({ type: 'invert' }, state)).toBeNull();
    expect(windowSetBy({ type: 'pan', dx: 1, dy: 1, fitted }, state)).toBeNull();
  });
});
