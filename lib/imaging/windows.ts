/** CT window presets (width/level in Hounsfield units), as radiology viewers name them. */
export interface WindowLevel {
  /** Window width, HU (or raw units for MR). */
  width: number;
  /** Window centre (level). */
  center: number;
}

export const ctWindowPresets = {
  brain: { width: 80, center: 40 },
  subdural: { width: 200, center: 75 },
  bone: { width: 2800, center: 600 },
  stroke: { width: 40, center: 40 },
} as const satisfies Record<string, WindowLevel>;

export type CtWindowName = keyof typeof ctWindowPresets;

/** The three windows stacked as channels for CT model input (the hemorrhage-model trick). */
export const ctModelWindows: readonly CtWindowName[] = ['brain', 'subdural', 'bone'];

/** Maps a value to [0, 1] under a window (DICOM PS3.3 C.11.2.1.2 linear function, simplified). */
export function applyWindow(value: number, w: WindowLevel): number {
  const lo = w.center - w.width / 2;
  const t = (value - lo) / w.width;
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}
