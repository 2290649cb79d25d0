import type { ShortcutGroup } from './shortcut-sheet';
import type { KeyLike } from './viewer-keys';

/** Moving through a series' neighbouring slices while the asked one is labelled. */
export type StackCommand = { type: 'step'; by: number } | { type: 'asked' };

/** ↑/PgUp: the slice before; ↓/PgDn: the slice after (held keys repeat); Home: back to the asked slice. */
export function stackKeyCommand(e: KeyLike): StackCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return null;
  switch (e.key) {
    case 'ArrowUp':
    case 'PageUp':
      return { type: 'step', by: -1 };
    case 'ArrowDown':
    case 'PageDown':
      return { type: 'step', by: 1 };
    case 'Home':
      return e.repeat ? null : { type: 'asked' };
    default:
      return null;
  }
}

/** Wheel pixels per slice (one notch of most mice is 100; trackpads send many small deltas). */
export const WHEEL_PX_PER_SLICE = 100;

export const stackShortcutGroup: ShortcutGroup = {
  title: 'Series',
  items: [
    { keys: ['Wheel'], description: 'Previous / next slice of the series (Ctrl+Wheel zooms)' },
    { keys: ['↑'], description: 'Previous slice (also Page Up)' },
    { keys: ['↓'], description: 'Next slice (also Page Down)' },
    { keys: ['Home'], description: 'Back to the slice being labelled' },
  ],
};
