export type PresetKeyMode = 'plain' | 'shift';

export type ViewerCommand =
  { type: 'preset'; digit: number } | { type: 'invert' } | { type: 'reset' } | { type: 'fit' };

/** The fields of a KeyboardEvent the mapping reads (plain objects in tests). */
export interface KeyLike {
  key: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  repeat?: boolean;
}

const digitCode = /^(?:Digit|Numpad)([1-5])$/;

/**
 * Maps a key press to a viewer command. Digits are matched by code, not key, because
 * Shift+1 types '!' (or another symbol, depending on the layout).
 */
export function viewerKeyCommand(e: KeyLike, presetKeys: PresetKeyMode): ViewerCommand | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.repeat) return null;
  const digit = digitCode.exec(e.code);
  if (digit) return e.shiftKey === (presetKeys === 'shift') ? { type: 'preset', digit: Number(digit[1]) } : null;
  if (e.code === 'Space' || e.key === ' ') return { type: 'reset' };
  const key = e.key.toLowerCase();
  if (key === 'i') return { type: 'invert' };
  if (key === 'f') return { type: 'fit' };
  return null;
}

interface ElementLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  getAttribute?(name: string): string | null;
}

/** Inputs that take no typing: their keys are Space/Enter (and arrows), so letter and digit shortcuts still apply. */
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file', 'image']);

/**
 * Where keys belong to the focused control: text entry keeps every key; other controls
 * (buttons, checkboxes, selects, links) keep Space and Enter only.
 */
export function focusedControlKind(target: unknown): 'text' | 'button' | null {
  if (!target || typeof target !== 'object') return null;
  const el = target as ElementLike;
  const tag = el.tagName?.toUpperCase();
  if (tag === 'INPUT') return NON_TEXT_INPUTS.has((el.type ?? 'text').toLowerCase()) ? 'button' : 'text';
  if (tag === 'TEXTAREA' || el.isContentEditable) return 'text';
  if (tag === 'BUTTON' || tag === 'A' || tag === 'SELECT' || el.getAttribute?.('role') === 'button') return 'button';
  return null;
}

export function shouldIgnoreKey(e: KeyLike, target: unknown): boolean {
  const kind = focusedControlKind(target);
  return kind === 'text' || (kind === 'button' && (e.code === 'Space' || e.key === ' ' || e.key === 'Enter'));
}

/** Keys that select preset `digit`, as shown in titles and the shortcut sheet. */
export function presetShortcut(digit: number, presetKeys: PresetKeyMode): string[] {
  return presetKeys === 'shift' ? ['Shift', String(digit)] : [String(digit)];
}
