import { describe, expect, it } from 'vitest';
import { shouldIgnoreKey, viewerKeyCommand, type KeyLike } from '@/components/viewer/viewer-keys';
import { formatPixelValue, formatWindow, formatZoom } from '@/components/viewer/viewer-format';
import { viewerShortcutGroup } from '@/components/viewer/viewer-shortcuts';

const key = (k: Partial<KeyLike>): KeyLike => ({
  key: '',
  code: '',
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...k,
});

describe('viewerKeyCommand', () => {
  it('plain mode: digits 1-5 select presets, Shift+digit does not', () => {
    expect(viewerKeyCommand(key({ key: '1', code: 'Digit1' }), 'plain')).toEqual({ type: 'preset', digit: 1 });
    expect(viewerKeyCommand(key({ key: '5', code: 'Numpad5' }), 'plain')).toEqual({ type: 'preset', digit: 5 });
    expect(viewerKeyCommand(key({ key: '!', code: 'Digit1', shiftKey: true }), 'plain')).toBeNull();
    expect(viewerKeyCommand(key({ key: '6', code: 'Digit6' }), 'plain')).toBeNull();
  });

  it('shift mode leaves plain digits to the page', () => {
    expect(viewerKeyCommand(key({ key: '1', code: 'Digit1' }), 'shift')).toBeNull();
    expect(viewerKeyCommand(key({ key: '!', code: 'Digit1', shiftKey: true }), 'shift')).toEqual({
      type: 'preset',
      digit: 1,
    });
    expect(viewerKeyCommand(key({ key: '§', code: 'Digit4', shiftKey: true }), 'shift')).toEqual({
      type: 'preset',
      digit: 4,
    });
  });

  it('I inverts, F fits, Space resets; browser shortcuts and auto-repeat are ignored', () => {
    expect(viewerKeyCommand(key({ key: 'i', code: 'KeyI' }), 'plain')).toEqual({ type: 'invert' });
    expect(viewerKeyCommand(key({ key: 'F', code: 'KeyF', shiftKey: true }), 'shift')).toEqual({ type: 'fit' });
    expect(viewerKeyCommand(key({ key: ' ', code: 'Space' }), 'plain')).toEqual({ type: 'reset' });
    expect(viewerKeyCommand(key({ key: 'f', code: 'KeyF', ctrlKey: true }), 'plain')).toBeNull();
    expect(viewerKeyCommand(key({ key: 'i', code: 'KeyI', repeat: true }), 'plain')).toBeNull();
  });
});

describe('shouldIgnoreKey', () => {
  const space = key({ key: ' ', code: 'Space' });
  const i = key({ key: 'i', code: 'KeyI' });

  it('ignores every key while typing', () => {
    for (const tagName of ['INPUT', 'TEXTAREA']) expect(shouldIgnoreKey(i, { tagName })).toBe(true);
    for (const type of ['text', 'search', 'number', 'email', 'password'])
      expect(shouldIgnoreKey(i, { tagName: 'INPUT', type })).toBe(true);
    expect(shouldIgnoreKey(i, { tagName: 'DIV', isContentEditable: true })).toBe(true);
  });

  it('keeps shortcuts on a focused checkbox, radio or select, which only own Space and Enter', () => {
    for (const target of [
      { tagName: 'INPUT', type: 'checkbox' },
      { tagName: 'INPUT', type: 'radio' },
      { tagName: 'SELECT' },
    ]) {
      expect(shouldIgnoreKey(i, target)).toBe(false);
      expect(shouldIgnoreKey(key({ key: '1', code: 'Digit1' }), target)).toBe(false);
      expect(shouldIgnoreKey(space, target)).toBe(true);
    }
  });

  it('leaves Space to a focused button but not letter shortcuts', () => {
    expect(shouldIgnoreKey(space, { tagName: 'BUTTON' })).toBe(true);
    expect(shouldIgnoreKey(i, { tagName: 'BUTTON' })).toBe(false);
    expect(shouldIgnoreKey(space, { tagName: 'BODY' })).toBe(false);
    expect(shouldIgnoreKey(space, null)).toBe(false);
  });
});

describe('viewer text', () => {
  it('formats window, pixel value and zoom as the overlay shows them', () => {
    expect(formatWindow({ width: 80, center: 40 })).toBe('W 80 L 40');
    expect(formatWindow({ width: 57.83, center: 31.4 })).toBe('W 58 L 31');
    expect(formatWindow({ width: 12.5, center: -3.6 })).toBe('W 13 L -4');
    expect(formatWindow({ width: 0.257, center: 0.5 })).toBe('W 0.26 L 0.5');
    expect(formatPixelValue(37.4, true)).toBe('HU 37');
    expect(formatPixelValue(812, false)).toBe('value 812');
    expect(formatZoom(1.256)).toBe('126%');
  });

  it('lists preset shortcuts with the configured modifier', () => {
    const group = viewerShortcutGroup('shift');
    expect(group.items[0]).toEqual({ keys: ['Shift', '1'], description: 'Brain window, W80/L40 HU' });
    expect(viewerShortcutGroup('plain', false).items[1].keys).toEqual(['2']);
  });
});
