import type { DecodedImage } from '@/lib/imaging/types';
import { ctModelWindows, ctWindowPresets, type WindowLevel } from '@/lib/imaging/windows';
import type { InputMode, ModelKind } from '@/lib/models/configs';

export type ResolvedInputMode = Exclude<InputMode, 'auto'>;

export const channelCount = (mode: ResolvedInputMode): 1 | 3 => (mode === 'grey' ? 1 : 3);

/** auto: CT in HU gets the three-window stack; otherwise grey, replicated to RGB for resnet50. */
export function resolveInputMode(mode: InputMode, kind: ModelKind, images: readonly DecodedImage[]): ResolvedInputMode {
  if (mode === 'auto') {
    if (images.length > 0 && images.every((i) => i.hounsfield)) return 'ct-windows';
    return kind === 'resnet50' ? 'grey-rgb' : 'grey';
  }
  return kind === 'resnet50' && mode === 'grey' ? 'grey-rgb' : mode;
}

/** Maps one raw value to [0, 1]. */
type UnitMap = (v: number) => number;

/** A map to [0, 1] as data: clamp((v - lo) / span, 0, 1), the form every channel's map takes. */
export interface UnitRange {
  lo: number;
  span: number;
}

const clampUnit = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t);

/** Robust range of a non-CT image: 0.5th..99.5th percentile of a strided sample of its pixels. */
function robustRange(pixels: Float32Array): [number, number] {
  const step = Math.max(1, Math.floor(pixels.length / 65536));
  const sample = new Float32Array(Math.ceil(pixels.length / step));
  for (let i = 0, j = 0; i < pixels.length; i += step, j++) sample[j] = pixels[i];
  sample.sort();
  const at = (q: number) => sample[Math.min(sample.length - 1, Math.floor(q * (sample.length - 1)))];
  return [at(0.005), at(0.995)];
}

/**
 * Per-modality normalisation to [0, 1]: CT by the brain window, 8-bit plain images by /255,
 * everything else (MR) by its robust range, because MR intensities have no absolute scale.
 */
export function greyUnitRange(image: DecodedImage): UnitRange {
  if (image.hounsfield) return windowRange(ctWindowPresets.brain);
  let max = -Infinity;
  for (const v of image.pixels) if (v > max) max = v;
  if (image.modality === 'OT' && max <= 255) return { lo: 0, span: 255 };
  const [lo, hi] = robustRange(image.pixels);
  return { lo, span: hi - lo || 1 };
}

/** A display window as a range: the same numbers applyWindow computes. */
const windowRange = (w: WindowLevel): UnitRange => ({ lo: w.center - w.width / 2, span: w.width });

/** One range per output channel for the input mode. */
export function channelRanges(image: DecodedImage, mode: ResolvedInputMode): UnitRange[] {
  if (mode === 'ct-windows' && image.hounsfield)
    return ctModelWindows.map((name) => windowRange(ctWindowPresets[name]));
  const grey = greyUnitRange(image);
  return mode === 'grey' ? [grey] : [grey, grey, grey];
}

/** One map per output channel for the input mode. */
export function channelMaps(image: DecodedImage, mode: ResolvedInputMode): UnitMap[] {
  return channelRanges(image, mode).map(
    ({ lo, span }) =>
      (v) =>
        clampUnit((v - lo) / span),
  );
}
