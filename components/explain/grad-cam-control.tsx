'use client';

import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import type { HeatmapOverlay } from '@/components/viewer/scan-viewer';
import { modelKindName } from '@/lib/models/model-name';
import { useWindowKeys } from '@/components/viewer/use-window-keys';
import { isGradCamToggleKey } from './grad-cam-keys';
import { HeatLegend } from './heat-legend';
import { useExplanation, type ExplanationStatus, type SubscribeExplanationEvents } from './use-explanation';
import { defaultVersionId, groupVersions, versionLabel, type ExplainableVersion } from './version-options';

export interface GradCamControlProps {
  projectSlug: string;
  scanId: string | null;
  /** The project's label set: the reader may ask where the model sees any of them. */
  labels: readonly string[];
  /** The project's trained (READY) model versions; the picker groups them by kind and marks the active ones. */
  versions: readonly ExplainableVersion[];
  /** Hands the page the ScanViewer's `overlay` (null while off, computing or failed). */
  onOverlayChange(overlay: HeatmapOverlay | null): void;
  /**
   * The project's 'explanation.ready' / 'explanation.failed' events, forwarded by the page from
   * Socket.IO (this component holds no socket). Keep its identity stable (useCallback). Without
   * it the control polls while the trainer computes.
   */
  subscribe?: SubscribeExplanationEvents;
  /** Blind mode: explanations stay hidden until the reader has submitted a read, as predictions. */
  blinded?: boolean;
  /** Off while a dialog is open. */
  keyboardEnabled?: boolean;
  defaultOpacity?: number;
  /** Evidence below this (0..1) is not drawn; the reader moves it with a slider. */
  defaultThreshold?: number;
}

/** The class picker's value for "the class the model predicts". */
const PREDICTED = -1;

function statusText(status: ExplanationStatus, version: ExplainableVersion | undefined, picked: number): string {
  switch (status.state) {
    case 'idle':
      return 'Off: press H to show where the model looked.';
    case 'loading':
      return 'Loading…';
    case 'computing':
      return 'Computing… (the trainer is on it)';
    case 'ready': {
      const model = version ? versionLabel({ ...version, active: false }) : 'the model';
      const which = picked === PREDICTED ? ' (its prediction)' : '';
      // Grad-CAM keeps positive evidence only (ReLU): an empty map is an answer, not an error.
      return status.data.heatmap.some((v) => v > 0)
        ? `Where ${model} sees “${status.data.classLabel}”${which}.`
        : `${model} found no positive evidence for “${status.data.classLabel}” on this scan.`;
    }
    case 'failed':
      return status.error;
  }
}

/**
 * Grad-CAM overlay controls: toggle (H), model version, the class to explain (the predicted
 * one, or any label: "where does the model see hemorrhage?"), threshold with its colour
 * legend, opacity, and the computing state.
 */
export function GradCamControl({
  projectSlug,
  scanId,
  labels,
  versions,
  onOverlayChange,
  subscribe,
  blinded = false,
  keyboardEnabled = true,
  defaultOpacity = 0.45,
  defaultThreshold = 0.3,
}: GradCamControlProps) {
  const [on, setOn] = useState(false);
  const [opacity, setOpacity] = useState(defaultOpacity);
  const [threshold, setThreshold] = useState(defaultThreshold);
  const [pickedClass, setPickedClass] = useState(PREDICTED);
  const classIndex = pickedClass < labels.length ? pickedClass : PREDICTED;
  const [picked, setPicked] = useState<string | null>(null);
  const groups = useMemo(() => groupVersions(versions), [versions]);
  const versionId = versions.some((v) => v.id === picked) ? picked : defaultVersionId(versions);
  const version = versions.find((v) => v.id === versionId);
  const usable = !blinded && versionId !== null && scanId !== null;
  const status = useExplanation({
    slug: projectSlug,
    scanId,
    versionId,
    classIndex,
    enabled: on && usable,
    subscribe,
  });

  const data = status.state === 'ready' ? status.data : null;
  const overlay = useMemo<HeatmapOverlay | null>(
    () =>
      data
        ? {
            heatmap: data.heatmap,
            width: data.width,
            height: data.height,
            opacity,
            colormap: 'viridis',
            threshold,
            bodyOnly: true,
          }
        : null,
    [data, opacity, threshold],
  );
  const report = useEffectEvent((o: HeatmapOverlay | null) => onOverlayChange(o));
  useEffect(() => report(overlay), [overlay]);

  useWindowKeys(
    keyboardEnabled,
    (e) => (usable && isGradCamToggleKey(e) ? 'toggle' : null),
    () => setOn((v) => !v),
  );

  return (
    <section aria-labelledby="grad-cam-title" className="space-y-2" data-testid="grad-cam" data-state={status.state}>
      <div className="flex items-center justify-between">
        <h2 id="grad-cam-title" className="text-sm font-medium text-slate-300">
          Grad-CAM
        </h2>
        <button
          type="button"
          onClick={() => setOn((v) => !v)}
          disabled={!usable}
          aria-pressed={on && usable}
          data-testid="grad-cam-toggle"
          className={`rounded border px-2 py-0.5 text-xs disabled:opacity-40 ${on && usable ? 'border-amber-500 bg-amber-950/40' : 'border-slate-700 hover:border-slate-500'}`}
        >
          <kbd className="mr-1 font-mono">H</kbd>
          {on && usable ? 'On' : 'Off'}
        </button>
      </div>
      {blinded ? (
        <p className="text-xs text-slate-300">Hidden until you submit your read (blind mode).</p>
      ) : versions.length === 0 ? (
        <p className="text-xs text-slate-300">No trained model to explain yet.</p>
      ) : (
        <>
          <label className="flex items-center gap-2 text-xs text-slate-300">
            <span className="w-14">Model</span>
            <select
              value={versionId ?? ''}
              onChange={(e) => setPicked(e.target.value)}
              className="min-w-0 flex-1 rounded border border-slate-700 bg-slate-900 px-1 py-0.5 text-slate-200"
              data-testid="grad-cam-version"
            >
              {groups.map((g) => (
                <optgroup key={g.kind} label={modelKindName(g.kind)}>
                  {g.versions.map((v) => (
                    <option key={v.id} value={v.id}>
                      {versionLabel(v)}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-xs text-slate-300">
            <span className="w-14">Class</span>
            <select
              value={classIndex}
              onChange={(e) => setPickedClass(Number(e.target.value))}
              className="min-w-0 flex-1 rounded border border-slate-700 bg-slate-900 px-1 py-0.5 text-slate-200"
              data-testid="grad-cam-class"
            >
              <option value={PREDICTED}>Predicted class</option>
              {labels.map((label, i) => (
                <option key={label} value={i}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label className="flex items-center gap-2 text-xs text-slate-300">
            <span className="w-14">Threshold</span>
            <input
              type="range"
              min={0}
              max={0.95}
              step={0.05}
              value={threshold}
              onChange={(e) => setThreshold(Number(e.target.value))}
              className="min-w-0 flex-1 accent-amber-400"
              data-testid="grad-cam-threshold"
            />
            <span className="w-9 text-right tabular-nums">{Math.round(threshold * 100)}%</span>
          </label>
          <HeatLegend threshold={threshold} />
          <label className="flex items-center gap-2 text-xs text-slate-300">
            <span className="w-14">Opacity</span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.05}
              value={opacity}
              onChange={(e) => setOpacity(Number(e.target.value))}
              className="min-w-0 flex-1 accent-amber-400"
              data-testid="grad-cam-opacity"
            />
            <span className="w-9 text-right tabular-nums">{Math.round(opacity * 100)}%</span>
          </label>
          <p
            role="status"
            aria-live="polite"
            className={`text-xs ${status.state === 'failed' ? 'text-rose-300' : 'text-slate-300'}`}
            data-testid="grad-cam-status"
          >
            {status.state === 'computing' && (
              <span
                className="mr-1 inline-block h-2 w-2 animate-pulse rounded-full bg-amber-400 align-middle"
                aria-hidden
              />
            )}
            {statusText(status, version, classIndex)}
          </p>
        </>
      )}
    </section>
  );
}
