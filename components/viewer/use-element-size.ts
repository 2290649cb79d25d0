import { useEffect, useState, type RefObject } from 'react';

/** CSS size of an element and the device pixel ratio it is drawn at. */
export interface ElementSize {
  width: number;
  height: number;
  dpr: number;
}

const initial: ElementSize = { width: 0, height: 0, dpr: 1 };

/**
 * Tracks an element's content box (ResizeObserver) and devicePixelRatio, which changes
 * without a resize when the window moves to another monitor or the page is zoomed.
 */
export function useElementSize(ref: RefObject<HTMLElement | null>): ElementSize {
  const [size, setSize] = useState<ElementSize>(initial);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = (): void => {
      const rect = el.getBoundingClientRect();
      const next = { width: rect.width, height: rect.height, dpr: window.devicePixelRatio || 1 };
      setSize((prev) =>
        prev.width === next.width && prev.height === next.height && prev.dpr === next.dpr ? prev : next,
      );
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    let media: MediaQueryList | null = null;
    const watchDpr = (): void => {
      media?.removeEventListener('change', onDprChange);
      media = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
      media.addEventListener('change', onDprChange);
    };
    const onDprChange = (): void => {
      update();
      watchDpr();
    };
    watchDpr();
    return () => {
      observer.disconnect();
      media?.removeEventListener('change', onDprChange);
    };
  }, [ref]);

  return size;
}
