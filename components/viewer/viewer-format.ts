import type { WindowLevel } from '@/lib/imaging/windows';

/** Integers stay integers; small fractional values (float images) keep two decimals. */
function num(v: number): string {
  if (Number.isInteger(v) || Math.abs(v) >= 100) return String(Math.round(v));
  return String(Math.round(v * 100) / 100);
}

/**
 * Whole numbers for any window a reader drags on an ordinary image (8-, 12- or 16-bit, HU);
 * decimals only for float images whose whole window is narrower than a few units.
 */
export function formatWindow(w: WindowLevel): string {
  if (Math.abs(w.width) >= 2) return `W ${Math.round(w.width)} L ${Math.round(w.center)}`;
  return `W ${num(w.width)} L ${num(w.center)}`;
}

export function formatPixelValue(value: number, hounsfield: boolean): string {
  if (Number.isNaN(value)) return hounsfield ? 'HU —' : 'value —';
  return hounsfield ? `HU ${Math.round(value)}` : `value ${num(value)}`;
}

/** Zoom as CSS pixels per image pixel, in percent. */
export function formatZoom(zoom: number): string {
  return `${Math.round(zoom * 100)}%`;
}
