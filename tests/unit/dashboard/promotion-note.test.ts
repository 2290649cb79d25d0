import { describe, expect, it } from 'vitest';
import type { ModelVersionView } from '@/lib/dashboard/model-versions';
import { nearChance } from '@/lib/dashboard/near-chance';
import { promotionNote } from '@/lib/dashboard/promotion-note';
import { trainingCountdown } from '@/lib/dashboard/training-countdown';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';

function version(
  v: number,
  f1: number | null,
  extra: Partial<ModelVersionView> = {},
  auc: number | null = null,
): ModelVersionView {
  return {
    id: `cnn-${v}`,
    kind: 'CNN',
    version: v,
    state: 'READY',
    active: false,
    pinned: false,
    backend: 'wasm',
    hyperParams: {},
    labelCount: 50 * v,
    trainingTimeMs: 1000,
    createdAt: '2026-12-01T00:00:00Z',
    finishedAt: '2026-12-01T00:01:00Z',
    error: null,
    hasArtifact: true,
    labelSnapshot: null,
    metrics: f1 === null ? null : ({ validation: { macroF1: f1, macroAuc: auc } } as unknown as ModelVersionMetrics),
    metricsProblem: null,
    ...extra,
  };
}

describe('why a version is or is not active', () => {
  it('says a version that was not promoted scored below the active one, with both F1s', () => {
    const all = [version(1, 0.7, { active: true }), version(2, 0.64)];
    expect(promotionNote(all[1], all)).toBe("Not promoted: validation macro F1 0.640 against the active v1's 0.700");
    expect(promotionNote(all[0], all)).toBe('Active');
  });

  it("compares with the active version's score on the same validation scans when the gate measured it", () => {
    const gated = (v: number, f1: number, gate: ModelVersionMetrics['gate']) =>
      version(v, f1, {
        metrics: { validation: { macroF1: f1, macroAuc: null }, gate } as unknown as ModelVersionMetrics,
      });
    // Above the F1 the active one recorded, below its score on this version's validation scans.
    const all = [version(1, 0.7, { active: true }), gated(2, 0.72, { versionId: 'cnn-1', version: 1, macroF1: 0.75 })];
    expect(promotionNote(all[1], all)).toBe(
      "Not promoted: validation macro F1 0.720 against the active v1's 0.750 on the same scans",
    );
    // A score of a version that is no longer active is not the active one's.
    const later = [...all, version(3, 0.8, { active: true })].map((v) =>
      v.version === 1 ? { ...v, active: false } : v,
    );
    expect(promotionNote(later[1], later)).toBe(
      "Not promoted: validation macro F1 0.720 against the active v3's 0.800",
    );
  });

  it('names a pin as the reason a later, better version waits', () => {
    const all = [version(1, 0.7, { active: true, pinned: true }), version(2, 0.8)];
    expect(promotionNote(all[1], all)).toBe('Not promoted: v1 is pinned');
    const older = [version(1, 0.8), version(2, 0.7, { active: true, pinned: true })];
    expect(promotionNote(older[0], older)).toBe('Not active: v2 is pinned');
    expect(promotionNote(all[0], all)).toMatch(/^Active, pinned/);
  });

  it('reports training and failure as they are', () => {
    const all = [
      version(1, null, { state: 'TRAINING' }),
      version(2, null, { state: 'FAILED', error: 'out of memory' }),
    ];
    expect(promotionNote(all[0], all)).toBe('Training…');
    expect(promotionNote(all[1], all)).toBe('Failed: out of memory');
  });
});

describe('scans until the next training', () => {
  it('counts newly training-usable scans against the threshold, never below zero', () => {
    expect(trainingCountdown(13, 0, 50)).toEqual({ usable: 13, sinceLast: 13, threshold: 50, remaining: 37 });
    expect(trainingCountdown(120, 100, 50)).toMatchObject({ sinceLast: 20, remaining: 30 });
    expect(trainingCountdown(200, 100, 50)).toMatchObject({ remaining: 0 });
    // Usable scans can drop (a new read turns agreement into a tie): nothing goes negative.
    expect(trainingCountdown(90, 100, 50)).toMatchObject({ sinceLast: 0, remaining: 50 });
  });
});

describe('the near-chance notice', () => {
  it('speaks while every measured active model is under AUC 0.6, and names them', () => {
    const cnn = version(1, 0.4, { active: true, labelCount: 120 }, 0.55);
    const resnet = { ...version(1, 0.4, { active: true, labelCount: 80 }, 0.52), id: 'r1', kind: 'RESNET' as const };
    expect(nearChance([cnn, resnet])).toEqual({
      versions: ['CNN v1 (AUC 0.55)', 'ResNet v1 (AUC 0.52)'],
      labelCount: 120,
    });
  });

  it('is silent once one active model is past chance, or when none is measured', () => {
    const weak = version(1, 0.4, { active: true }, 0.55);
    const strong = { ...version(1, 0.8, { active: true }, 0.81), id: 'r1', kind: 'RESNET50' as const };
    expect(nearChance([weak, strong])).toBeNull();
    expect(nearChance([version(1, 0.4, { active: true })])).toBeNull();
    expect(nearChance([version(2, 0.4, {}, 0.5)])).toBeNull();
  });
});
