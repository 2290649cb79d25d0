import { autoWindow, lutDomain, type LutDomain } from '@/lib/imaging/render';
import { ctWindowPresets, type WindowLevel } from '@/lib/imaging/windows';

export interface ViewerPreset {
  id: string;
  label: string;
  /** Digit that selects it (1..5). */
  digit: number;
  window: WindowLevel;
  description: string;
}

/** What presets need to know about an image beyond its pixels. */
export interface PresetSource {
  hounsfield: boolean;
  window?: WindowLevel;
  /** Percentile-based window (lib/imaging/render autoWindow). */
  auto: WindowLevel;
  min: number;
  max: number;
}

const fmt = (w: WindowLevel): string => `W${Math.round(w.width)}/L${Math.round(w.center)}`;

/**
 * Digit 5 is the window stored in the file. A file without one gets the percentile window
 * there when its other presets are HU windows; relative presets already start with it.
 */
function filePreset(src: PresetSource): ViewerPreset | null {
  if (src.window) {
    return {
      id: 'file',
      label: 'File',
      digit: 5,
      window: src.window,
      description: `Window stored in the file, ${fmt(src.window)}`,
    };
  }
  if (!src.hounsfield) return null;
  return {
    id: 'file',
    label: 'Auto',
    digit: 5,
    window: src.auto,
    description: 'The file has no window: 0.5–99.5th percentile of this image',
  };
}

function ctPresets(): ViewerPreset[] {
  const names = ['brain', 'subdural', 'bone', 'stroke'] as const;
  return names.map((name, i) => {
    const w = ctWindowPresets[name];
    const label = name[0].toUpperCase() + name.slice(1);
    return { id: name, label, digit: i + 1, window: w, description: `${label} window, ${fmt(w)} HU` };
  });
}

/**
 * Without Hounsfield units a fixed HU window means nothing, so 1–4 are relative to the
 * image itself: percentile auto, narrow (same centre, half width: more contrast),
 * wide (double width) and the full value range.
 */
function relativePresets(src: PresetSource): ViewerPreset[] {
  const { auto } = src;
  const full = { width: Math.max(src.max - src.min, 1e-9), center: (src.max + src.min) / 2 };
  return [
    { id: 'auto', label: 'Auto', digit: 1, window: auto, description: 'Auto: 0.5–99.5th percentile of this image' },
    {
      id: 'narrow',
      label: 'Narrow',
      digit: 2,
      window: { width: auto.width / 2, center: auto.center },
      description: 'Narrow: auto centre, half width (more contrast)',
    },
    {
      id: 'wide',
      label: 'Wide',
      digit: 3,
      window: { width: auto.width * 2, center: auto.center },
      description: 'Wide: auto centre, double width (less contrast)',
    },
    { id: 'full', label: 'Full', digit: 4, window: full, description: 'Full: the whole value range of this image' },
  ];
}

export function viewerPresets(src: PresetSource): ViewerPreset[] {
  const file = filePreset(src);
  return [...(src.hounsfield ? ctPresets() : relativePresets(src)), ...(file ? [file] : [])];
}

/** The file's window, else brain for HU images (this is a brain-scan tool), else auto. */
export function defaultWindow(src: PresetSource): WindowLevel {
  return src.window ?? (src.hounsfield ? ctWindowPresets.brain : src.auto);
}

export function sameWindow(a: WindowLevel, b: WindowLevel): boolean {
  const tol = 1e-6 * Math.max(1, Math.abs(a.width), Math.abs(b.width));
  return Math.abs(a.width - b.width) <= tol && Math.abs(a.center - b.center) <= tol;
}

export function activePreset(presets: readonly ViewerPreset[], current: WindowLevel): ViewerPreset | null {
  return presets.find((p) => sameWindow(p.window, current)) ?? null;
}

export interface ImageStats {
  domain: LutDomain;
  presets: ViewerPreset[];
  defaultWindow: WindowLevel;
  /** Narrowest useful window: one value for integer images, one LUT step for float ones. */
  minWidth: number;
}

/** Everything the viewer derives from an image once, when it arrives (two passes over the pixels). */
export function describeImage(
  image: { pixels: Float32Array; hounsfield: boolean; window?: WindowLevel } | null,
): ImageStats {
  const pixels = image?.pixels ?? new Float32Array(0);
  const domain = lutDomain(pixels);
  const src: PresetSource = {
    hounsfield: image?.hounsfield ?? false,
    window: image?.window,
    auto: autoWindow(pixels),
    ...domain,
  };
  return {
    domain,
    presets: viewerPresets(src),
    defaultWindow: defaultWindow(src),
    minWidth: Math.min(1, 1 / domain.stepsPerUnit),
  };
}
