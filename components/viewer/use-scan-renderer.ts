import { useEffect, useRef, type RefObject } from 'react';
import { drawScene, type Scene, type SceneCache } from './draw-scene';

/** performance.mark name set each time a new image is first drawn. */
export const IMAGE_DRAWN_MARK = 'neuroloop:image-drawn';

/**
 * Draws the scene in at most one animation frame per change: pointer events arrive
 * faster than frames, and each frame draws only the latest state.
 */
export function useScanRenderer(canvasRef: RefObject<HTMLCanvasElement | null>, scene: Scene): void {
  const latest = useRef(scene);
  const cache = useRef<SceneCache>({ base: null, heat: null });
  const frame = useRef(0);
  const drawnPixels = useRef<Float32Array | null>(null);
  const { image, domain, windowLevel, invert, transform, size, overlay } = scene;

  useEffect(() => {
    latest.current = { image, domain, windowLevel, invert, transform, size, overlay };
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const canvas = canvasRef.current;
      if (!canvas) return;
      drawScene(canvas, latest.current, cache.current);
      const pixels = latest.current.image?.pixels ?? null;
      // A User Timing mark per new image on screen: what reading-speed measurements time.
      if (pixels && pixels !== drawnPixels.current) performance.mark(IMAGE_DRAWN_MARK);
      drawnPixels.current = pixels;
    });
  }, [canvasRef, image, domain, windowLevel, invert, transform, size, overlay]);

  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );
}
