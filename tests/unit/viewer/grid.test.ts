import { describe, expect, it } from 'vitest';
import { nextGridIndex, tabStopIndex } from '@/components/grid/grid-navigation';
import { initials, readableTextColor } from '@/components/grid/avatar-style';

describe('nextGridIndex', () => {
  // 7 items, 3 columns: rows [0 1 2] [3 4 5] [6]
  const move = (from: number, key: string): number | null => nextGridIndex(from, key, 7, 3);

  it('moves by one across and by a row up and down', () => {
    expect(move(1, 'ArrowRight')).toBe(2);
    expect(move(3, 'ArrowLeft')).toBe(2);
    expect(move(1, 'ArrowDown')).toBe(4);
    expect(move(4, 'ArrowUp')).toBe(1);
  });

  it('stops at the edges and drops into a short last row', () => {
    expect(move(6, 'ArrowRight')).toBe(6);
    expect(move(0, 'ArrowLeft')).toBe(0);
    expect(move(1, 'ArrowUp')).toBe(1);
    expect(move(5, 'ArrowDown')).toBe(6);
    expect(move(6, 'ArrowDown')).toBe(6);
  });

  it('handles Home/End and ignores other keys', () => {
    expect(move(4, 'Home')).toBe(0);
    expect(move(0, 'End')).toBe(6);
    expect(move(0, 'Enter')).toBeNull();
    expect(nextGridIndex(0, 'ArrowRight', 0, 3)).toBeNull();
  });

  it('puts the tab stop on the focused, else selected, else first card', () => {
    const items = [{ id: 'a' }, { id: 'b', selected: true }, { id: 'c' }];
    expect(tabStopIndex(items, 'c')).toBe(2);
    expect(tabStopIndex(items, null)).toBe(1);
    expect(tabStopIndex(items, 'gone')).toBe(1);
    expect(tabStopIndex([{ id: 'a' }], null)).toBe(0);
  });
});

describe('avatars', () => {
  it('takes first and last initials', () => {
    expect(initials('Ada Lovelace King')).toBe('AK');
    expect(initials('  zoë ')).toBe('Z');
    expect(initials('')).toBe('?');
  });

  it('picks the text colour with more contrast', () => {
    expect(readableTextColor('#ffeb3b')).toBe('#000');
    expect(readableTextColor('#1e3a8a')).toBe('#fff');
    expect(readableTextColor('#fff')).toBe('#000');
    expect(readableTextColor('rebeccapurple')).toBe('#fff');
  });
});
