import type { KeyLike } from '@/components/viewer/viewer-keys';

export type LabelingCommand =
  | { type: 'label'; index: number }
  | { type: 'accept' }
  | { type: 'reject' }
  | { type: 'next' }
  | { type: 'back' }
  | { type: 'undo' }
  | { type: 'mode' }
  | { type: 'help' }
  | { type: 'cancel' };

const digitCode = /^(?:Digit|Numpad)([1-9])$/;

/**
 * The labelling page's keys. Plain digits are classes (the viewer's presets move to
 * Shift+digit); digits match by code so that keyboard layouts do not matter.
 */
export function labelingKeyCommand(e: KeyLike, labelCount: number): LabelingCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return null;
  if (e.key === '?') return { type: 'help' };
  if (e.shiftKey) return null;
  const digit = digitCode.exec(e.code);
  if (digit) {
    const index = Number(digit[1]) - 1;
    return index < labelCount ? { type: 'label', index } : null;
  }
  switch (e.key.toLowerCase()) {
    case 'a':
      return { type: 'accept' };
    case 'r':
      return { type: 'reject' };
    case 'n':
      return { type: 'next' };
    case 'p':
    case 'backspace':
      return { type: 'back' };
    case 'u':
      return { type: 'undo' };
    case 'j':
      return { type: 'mode' };
    case 'escape':
      return { type: 'cancel' };
    default:
      return null;
  }
}
