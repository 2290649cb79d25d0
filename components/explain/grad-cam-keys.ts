import type { ShortcutGroup } from '@/components/viewer/shortcut-sheet';
import type { KeyLike } from '@/components/viewer/viewer-keys';

/** H toggles the Grad-CAM overlay (plain key only: Shift+H and chords are left to others). */
export function isGradCamToggleKey(e: KeyLike): boolean {
  return !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey && !e.repeat && e.key.toLowerCase() === 'h';
}

/** For the page's ShortcutSheet. */
export const gradCamShortcutGroup: ShortcutGroup = {
  title: 'Explanations',
  items: [{ keys: ['H'], description: 'Show or hide the Grad-CAM heatmap of the selected model' }],
};
