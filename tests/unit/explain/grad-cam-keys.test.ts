import { describe, expect, it } from 'vitest';
import { gradCamShortcutGroup, isGradCamToggleKey } from '@/components/explain/grad-cam-keys';
import { labelingKeyCommand } from '@/components/labeling/labeling-keys';
import { labelingShortcutGroup } from '@/components/labeling/labeling-shortcuts';
import { viewerKeyCommand, type KeyLike } from '@/components/viewer/viewer-keys';
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
const letters = [...'abcdefghijklmnopqrstuvwxyz'];

describe('the Grad-CAM key on the labelling page', () => {
  it('H (plain, or with Caps Lock) toggles; Shift+H, chords and auto-repeat do not', () => {
    expect(isGradCamToggleKey(key({ key: 'h', code: 'KeyH' }))).toBe(true);
    expect(isGradCamToggleKey(key({ key: 'H', code: 'KeyH' }))).toBe(true);
    expect(isGradCamToggleKey(key({ key: 'H', code: 'KeyH', shiftKey: true }))).toBe(false);
    expect(isGradCamToggleKey(key({ key: 'h', code: 'KeyH', ctrlKey: true }))).toBe(false);
    expect(isGradCamToggleKey(key({ key: 'h', code: 'KeyH', repeat: true }))).toBe(false);
    expect(letters.filter((l) => isGradCamToggleKey(key({ key: l, code: `Key${l.toUpperCase()}` })))).toEqual(['h']);
  });

  it('is a key neither the labelling keys nor the viewer keys (either preset mode) claim', () => {
    for (const shiftKey of [false, true]) {
      const press = key({ key: shiftKey ? 'H' : 'h', code: 'KeyH', shiftKey });
      expect(labelingKeyCommand(press, 9)).toBeNull();
      expect(viewerKeyCommand(press, 'shift')).toBeNull();
      expect(viewerKeyCommand(press, 'plain')).toBeNull();
    }
  });

  it('the shortcut sheet of the page lists every key once, H under Explanations', () => {
    const groups = [
      labelingShortcutGroup(['a', 'b', 'c'], true),
      viewerShortcutGroup('shift', true),
      gradCamShortcutGroup,
    ];
    const combos = groups.flatMap((g) => g.items.map((i) => i.keys.join('+').toLowerCase()));
    expect(combos.filter((c, i) => combos.indexOf(c) !== i)).toEqual([]);
    expect(gradCamShortcutGroup).toMatchObject({ title: 'Explanations', items: [{ keys: ['H'] }] });
  });
});
