import { presetShortcut, type PresetKeyMode } from './viewer-keys';
import { viewerPresets } from './viewer-presets';
import type { ShortcutGroup } from './shortcut-sheet';

/** The viewer's shortcuts for ShortcutSheet, matching how the viewer was configured. */
export function viewerShortcutGroup(presetKeys: PresetKeyMode, hounsfield = true): ShortcutGroup {
  const placeholder = { width: 1, center: 0 };
  const presets = viewerPresets({ hounsfield, window: placeholder, auto: placeholder, min: 0, max: 1 }).map((p) => ({
    keys: presetShortcut(p.digit, presetKeys),
    description: p.id === 'file' ? 'Window stored in the file (auto when it has none)' : p.description,
  }));
  return {
    title: 'Viewer',
    items: [
      ...presets,
      { keys: ['I'], description: 'Invert greyscale' },
      { keys: ['F'], description: 'Fit image to the viewport' },
      { keys: ['Space'], description: 'Reset zoom, pan, window and invert' },
      { keys: ['Wheel'], description: 'Zoom about the cursor' },
      { keys: ['Left drag'], description: 'Pan' },
      { keys: ['Right drag'], description: 'Window/level: horizontal = width, vertical = level' },
      { keys: ['Ctrl', 'Left drag'], description: 'Window/level (one-button mouse)' },
    ],
  };
}
