import { describe, expect, it } from 'vitest';
import { isGradCamToggleKey } from '@/components/explain/grad-cam-keys';
import { defaultVersionId, groupVersions, versionLabel } from '@/components/explain/version-options';
import {
  decodeHeatmapFile,
  encodeHeatmapFile,
  explainSingletonKey,
  heatmapRelativePath,
} from '@/server/jobs/explain-queue';

describe('the heatmap file', () => {
  it('round-trips size, class and values', () => {
    const heatmap = Float32Array.from({ length: 12 }, (_, i) => i / 11);
    const bytes = encodeHeatmapFile({ width: 4, height: 3, classIndex: 2, heatmap });
    expect(bytes.byteLength).toBe(16 + 12 * 4);
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('NLHM');
    const back = decodeHeatmapFile(bytes);
    expect(back).toMatchObject({ width: 4, height: 3, classIndex: 2 });
    expect(Array.from(back.heatmap)).toEqual(Array.from(heatmap));
    // Read from an offset view too (Node Buffers are slices of a shared pool).
    const padded = new Uint8Array(bytes.byteLength + 3);
    padded.set(bytes, 3);
    expect(Array.from(decodeHeatmapFile(padded.subarray(3)).heatmap)).toEqual(Array.from(heatmap));
  });

  it('refuses a wrong size, a foreign file and a truncated one', () => {
    expect(() => encodeHeatmapFile({ width: 2, height: 2, classIndex: 0, heatmap: new Float32Array(3) })).toThrow(
      /3 values for 2x2/,
    );
    expect(() => decodeHeatmapFile(new TextEncoder().encode('not a heatmap at all'))).toThrow(
      /not a NeuroLoop heatmap/,
    );
    const ok = encodeHeatmapFile({ width: 2, height: 2, classIndex: 0, heatmap: new Float32Array(4) });
    expect(() => decodeHeatmapFile(ok.subarray(0, ok.byteLength - 4))).toThrow(/truncated/);
  });

  it('lives under explanations/<version>/, one file and one job per version, scan and class', () => {
    expect(heatmapRelativePath('v1', 's1')).toBe('explanations/v1/s1.f32');
    expect(heatmapRelativePath('v1', 's1', -1)).toBe('explanations/v1/s1.f32');
    expect(heatmapRelativePath('v1', 's1', 2)).toBe('explanations/v1/s1.class-2.f32');
    expect(explainSingletonKey({ modelVersionId: 'v1', scanId: 's1', classIndex: -1 })).toBe('v1:s1:-1');
    expect(explainSingletonKey({ modelVersionId: 'v1', scanId: 's1', classIndex: 0 })).toBe('v1:s1:0');
  });
});

describe('the Grad-CAM control helpers', () => {
  const versions = [
    { id: 'r2', kind: 'RESNET', version: 2, active: true },
    { id: 'c1', kind: 'CNN', version: 1, active: false },
    { id: 'c3', kind: 'CNN', version: 3, active: true },
    { id: 'c2', kind: 'CNN', version: 2, active: false },
    { id: 'x1', kind: 'RESNET50', version: 1, active: false },
  ];

  it('groups by kind in family order, newest first, and marks the active version', () => {
    expect(groupVersions(versions).map((g) => [g.kind, g.versions.map((v) => v.id)])).toEqual([
      ['CNN', ['c3', 'c2', 'c1']],
      ['RESNET', ['r2']],
      ['RESNET50', ['x1']],
    ]);
    expect(versionLabel(versions[2])).toBe('CNN v3 (active)');
    expect(versionLabel(versions[1])).toBe('CNN v1');
  });

  it('starts on the first kind with an active version, else the newest', () => {
    expect(defaultVersionId(versions)).toBe('c3');
    expect(defaultVersionId(versions.map((v) => ({ ...v, active: v.id === 'r2' })))).toBe('r2');
    expect(defaultVersionId(versions.map((v) => ({ ...v, active: false })))).toBe('c3');
    expect(defaultVersionId([])).toBeNull();
  });

  it('toggles on a plain H only', () => {
    const key = { key: 'h', code: 'KeyH', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false };
    expect(isGradCamToggleKey(key)).toBe(true);
    expect(isGradCamToggleKey({ ...key, key: 'H' })).toBe(true);
    expect(isGradCamToggleKey({ ...key, shiftKey: true })).toBe(false);
    expect(isGradCamToggleKey({ ...key, ctrlKey: true })).toBe(false);
    expect(isGradCamToggleKey({ ...key, repeat: true })).toBe(false);
    expect(isGradCamToggleKey({ ...key, key: 'j' })).toBe(false);
  });
});
