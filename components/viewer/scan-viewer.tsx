'use client';

import { useEffect, useEffectEvent, useMemo, useReducer, useRef, useState, type ReactNode } from 'react';
import { fitTransform, type PixelSample } from '@/lib/imaging/render';
import type { DecodedImage } from '@/lib/imaging/types';
import type { WindowLevel } from '@/lib/imaging/windows';
import type { HeatmapOverlay } from './draw-scene';
import { useElementSize } from './use-element-size';
import { useScanRenderer } from './use-scan-renderer';
import { useViewerKeys } from './use-viewer-keys';
import { useViewerPointer } from './use-viewer-pointer';
import { ViewerInfoOverlay } from './viewer-info-overlay';
import type { PresetKeyMode, ViewerCommand } from './viewer-keys';
import { activePreset, describeImage, type ImageStats } from './viewer-presets';
import {
  commandAction,
  initialViewerState,
  resolveTransform,
  viewerReducer,
  windowSetBy,
  zoomLimits,
  type ViewerAction,
} from './viewer-state';
import { ViewerToolbar } from './viewer-toolbar';

export type ViewerImage = Pick<DecodedImage, 'pixels' | 'width' | 'height' | 'modality' | 'hounsfield' | 'window'>;
export type { HeatmapOverlay } from './draw-scene';

export interface ScanViewerProps {
  image: ViewerImage | null;
  loading?: boolean;
  overlay?: HeatmapOverlay | null;
  /** The window of each new image and every change the reader makes (drags included: throttle before sending). */
  onWindowChange?(windowLevel: WindowLevel): void;
  /** Off while a dialog is open or another viewer on the page owns the keys. */
  keyboardEnabled?: boolean;
  /** 'shift' when plain digits belong to the page (label classes): presets move to Shift+1..5. */
  presetKeys?: PresetKeyMode;
  /**
   * Images under one key (the slices of a series read together) keep the reader's window,
   * zoom and invert; a new key starts afresh. Without it every new image starts afresh.
   */
  viewKey?: string;
  /** A stack of slices: the plain wheel steps through them (Ctrl/⌘+wheel still zooms). */
  onWheelStep?(by: number): void;
  /** Overlays drawn over the image (a slice indicator). */
  children?: ReactNode;
  className?: string;
}

const round = (v: number): string => String(Math.round(v * 1000) / 1000);

const samePixel = (a: PixelSample | null, b: PixelSample | null): boolean =>
  a === b || (a !== null && b !== null && a.x === b.x && a.y === b.y && Object.is(a.value, b.value));

/**
 * Canvas viewer with window/level, zoom, pan and invert. A new `image.pixels` array
 * starts afresh (fit, default window); the same array keeps the reader's view.
 */
export function ScanViewer({
  image,
  loading = false,
  overlay = null,
  onWindowChange,
  keyboardEnabled = true,
  presetKeys = 'plain',
  viewKey,
  onWheelStep,
  children,
  className = '',
}: ScanViewerProps) {
  const pixels = image?.pixels ?? null;
  const hounsfield = image?.hounsfield ?? false;
  const [fileWidth, fileCenter] = [image?.window?.width, image?.window?.center];
  const stats = useMemo(() => {
    const fileWindow =
      fileWidth !== undefined && fileCenter !== undefined ? { width: fileWidth, center: fileCenter } : undefined;
    return describeImage(pixels && { pixels, hounsfield, window: fileWindow });
  }, [pixels, hounsfield, fileWidth, fileCenter]);
  const [state, dispatch] = useReducer(viewerReducer, null, () =>
    initialViewerState(pixels, stats.defaultWindow, viewKey ?? null),
  );
  const [sample, setSample] = useState<PixelSample | null>(null);
  // The last image's stats (its presets): see `gap` below.
  const [shownStats, setShownStats] = useState<ImageStats | null>(null);
  if (pixels && shownStats !== stats) setShownStats(stats);
  // Within a stack whose first image is already up, a slice (or the gap while one loads) swaps pixels only.
  const sameStack = viewKey !== undefined && state.viewKey === viewKey && state.shown;
  if (state.source !== pixels || state.viewKey !== (viewKey ?? null)) {
    dispatch(
      sameStack
        ? { type: 'swap', source: pixels }
        : { type: 'load', source: pixels, defaultWindow: stats.defaultWindow, viewKey: viewKey ?? null },
    );
    setSample(null);
  }

  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const size = useElementSize(containerRef);
  const imageSize = useMemo(
    () => ({ width: image?.width ?? 1, height: image?.height ?? 1 }),
    [image?.width, image?.height],
  );
  const fitted = useMemo(() => fitTransform(imageSize, size), [imageSize, size]);
  const limits = useMemo(() => zoomLimits(imageSize, size), [imageSize, size]);
  const transform = resolveTransform(state.view, fitted);
  const { windowLevel, invert } = state;

  useScanRenderer(canvasRef, { image, domain: stats.domain, windowLevel, invert, transform, size, overlay });
  // Reported from the handlers, batched with the change itself: an effect would cost the
  // parent a second render per drag event.
  const apply = (action: ViewerAction): void => {
    dispatch(action);
    const next = windowSetBy(action, state);
    if (next) onWindowChange?.(next);
  };
  const { dragKind, ...pointerHandlers } = useViewerPointer({
    canvasRef,
    image,
    transform,
    fitted,
    limits,
    windowLevel,
    minWidth: stats.minWidth,
    dispatch: apply,
    onHover: (next) => setSample((prev) => (samePixel(prev, next) ? prev : next)),
    onWheelStep,
  });
  // The gap while the next slice of a stack loads keeps the last slice's presets: the toolbar
  // does not change under the reader, and a preset or invert key pressed then applies to the
  // window the slice will be shown with.
  // Within one stack the last image shown was of this stack, so its stats are this stack's.
  const gap = !pixels && sameStack && shownStats !== null;
  const presets = gap ? shownStats.presets : stats.presets;
  const runCommand = (command: ViewerCommand): void => {
    const action = commandAction(command, presets);
    if (action) apply(action);
  };
  useViewerKeys(keyboardEnabled && (image !== null || gap), presetKeys, runCommand);

  // The window each new image is shown with: its default, or the reader's within a stack.
  const notifyLoaded = useEffectEvent(() => onWindowChange?.(state.windowLevel));
  useEffect(() => {
    if (pixels) notifyLoaded();
  }, [pixels]);

  const active = activePreset(presets, windowLevel);
  return (
    <div
      className={`flex min-h-0 flex-col overflow-hidden bg-black text-neutral-100 ${className}`}
      data-window-width={round(windowLevel.width)}
      data-window-center={round(windowLevel.center)}
      data-inverted={String(invert)}
      data-preset={active?.id ?? ''}
      data-zoom={round(transform.zoom)}
      aria-busy={loading}
    >
      <ViewerToolbar
        presets={presets}
        activePresetId={active?.id ?? null}
        presetKeys={presetKeys}
        inverted={invert}
        disabled={!image && !gap}
        onCommand={runCommand}
      />
      <div ref={containerRef} className="relative min-h-48 flex-1">
        <canvas
          ref={canvasRef}
          data-testid="scan-viewer-canvas"
          role="img"
          aria-label={image ? `${image.modality} image, ${image.width} by ${image.height}` : 'No image'}
          className={`absolute inset-0 h-full w-full touch-none select-none ${dragKind === 'pan' ? 'cursor-grabbing' : 'cursor-crosshair'}`}
          {...pointerHandlers}
        />
        {image && (
          <ViewerInfoOverlay
            modality={image.modality}
            hounsfield={image.hounsfield}
            width={image.width}
            height={image.height}
            windowLevel={windowLevel}
            zoom={transform.zoom}
            inverted={invert}
            sample={sample}
          />
        )}
        {children}
        <ViewerStatus loading={loading} empty={!image} />
      </div>
    </div>
  );
}

function ViewerStatus({ loading, empty }: { loading: boolean; empty: boolean }) {
  if (!loading && !empty) return null;
  return (
    <div
      role="status"
      className="absolute inset-0 flex items-center justify-center bg-black/60 text-sm text-neutral-300"
    >
      {loading ? 'Loading image…' : 'No image'}
    </div>
  );
}
