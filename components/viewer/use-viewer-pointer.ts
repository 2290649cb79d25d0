import { useEffect, useEffectEvent, useRef, useState, type Dispatch, type PointerEvent, type RefObject } from 'react';
import { dragWindow, pixelAt, screenToImage, type PixelSample, type ViewTransform } from '@/lib/imaging/render';
import type { WindowLevel } from '@/lib/imaging/windows';
import { WHEEL_PX_PER_SLICE } from './stack-keys';
import type { ViewerAction, ZoomLimits } from './viewer-state';

export interface PointerOptions {
  canvasRef: RefObject<HTMLCanvasElement | null>;
  image: { pixels: Float32Array; width: number; height: number } | null;
  transform: ViewTransform;
  fitted: ViewTransform;
  limits: ZoomLimits;
  windowLevel: WindowLevel;
  /** Narrowest window a drag may reach. */
  minWidth: number;
  dispatch: Dispatch<ViewerAction>;
  onHover(sample: PixelSample | null): void;
  /** When set (a stack of slices), a plain wheel steps through slices and Ctrl/⌘+wheel zooms. */
  onWheelStep?(by: number): void;
}

type Drag =
  | { kind: 'pan'; pointerId: number; lastX: number; lastY: number }
  | { kind: 'window'; pointerId: number; startX: number; startY: number; start: WindowLevel };

/** Wheel pixels per e-fold of zoom; pinch gestures arrive as ctrl+wheel with small deltas. */
const WHEEL_PX_PER_E = 600;
const PINCH_PX_PER_E = 100;

function localPoint(canvas: HTMLCanvasElement, e: { clientX: number; clientY: number }): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  return { x: e.clientX - rect.left, y: e.clientY - rect.top };
}

function wheelPixels(e: WheelEvent, pageHeight: number): number {
  return e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * pageHeight : e.deltaY;
}

/** Left or middle drag pans; right drag (or Ctrl+left, for one-button mice) windows. */
export function useViewerPointer(o: PointerOptions) {
  const drag = useRef<Drag | null>(null);
  const [dragKind, setDragKind] = useState<Drag['kind'] | null>(null);

  const wheelCarry = useRef(0);
  const onWheel = useEffectEvent((e: WheelEvent) => {
    const canvas = o.canvasRef.current;
    if (!canvas) return;
    const px = wheelPixels(e, canvas.clientHeight);
    if (o.onWheelStep && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      // Trackpads send many small deltas: carry the remainder so a slow scroll still steps.
      wheelCarry.current += px;
      const steps = Math.trunc(wheelCarry.current / WHEEL_PX_PER_SLICE);
      if (steps !== 0) {
        wheelCarry.current -= steps * WHEEL_PX_PER_SLICE;
        o.onWheelStep(steps);
      }
      return;
    }
    if (!o.image) return;
    e.preventDefault();
    const factor = Math.exp(-px / (e.ctrlKey ? PINCH_PX_PER_E : WHEEL_PX_PER_E));
    o.dispatch({ type: 'zoom', factor, anchor: localPoint(canvas, e), fitted: o.fitted, limits: o.limits });
  });

  useEffect(() => {
    const canvas = o.canvasRef.current;
    if (!canvas) return;
    // React attaches wheel listeners as passive, which cannot stop the page from scrolling.
    const listener = (e: WheelEvent): void => onWheel(e);
    canvas.addEventListener('wheel', listener, { passive: false });
    return () => canvas.removeEventListener('wheel', listener);
  }, [o.canvasRef]);

  const hover = (canvas: HTMLCanvasElement, e: PointerEvent): void => {
    o.onHover(o.image ? pixelAt(o.image, screenToImage(o.transform, localPoint(canvas, e))) : null);
  };

  const end = (e: PointerEvent<HTMLCanvasElement>): void => {
    if (drag.current?.pointerId !== e.pointerId) return;
    drag.current = null;
    setDragKind(null);
  };

  return {
    dragKind,
    onPointerDown(e: PointerEvent<HTMLCanvasElement>): void {
      if (!o.image || drag.current) return;
      const windowing = e.button === 2 || (e.button === 0 && e.ctrlKey);
      if (!windowing && e.button !== 0 && e.button !== 1) return;
      if (e.button === 1) e.preventDefault(); // no autoscroll
      e.currentTarget.setPointerCapture(e.pointerId);
      const { clientX: x, clientY: y, pointerId } = e;
      drag.current = windowing
        ? { kind: 'window', pointerId, startX: x, startY: y, start: o.windowLevel }
        : { kind: 'pan', pointerId, lastX: x, lastY: y };
      setDragKind(drag.current.kind);
    },
    onPointerMove(e: PointerEvent<HTMLCanvasElement>): void {
      hover(e.currentTarget, e);
      const d = drag.current;
      if (!d || d.pointerId !== e.pointerId) return;
      if (d.kind === 'pan') {
        o.dispatch({ type: 'pan', dx: e.clientX - d.lastX, dy: e.clientY - d.lastY, fitted: o.fitted });
        d.lastX = e.clientX;
        d.lastY = e.clientY;
      } else {
        const windowLevel = dragWindow(d.start, e.clientX - d.startX, e.clientY - d.startY, { minWidth: o.minWidth });
        o.dispatch({ type: 'window', windowLevel });
      }
    },
    onPointerUp: end,
    onPointerCancel: end,
    onPointerLeave(): void {
      if (!drag.current) o.onHover(null);
    },
    onContextMenu(e: { preventDefault(): void }): void {
      e.preventDefault();
    },
  };
}
