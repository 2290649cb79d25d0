/**
 * Where an arrow key moves focus in a grid of `count` items laid out `columns` wide
 * (the last row may be short). Null for keys it does not handle.
 */
export function nextGridIndex(index: number, key: string, count: number, columns: number): number | null {
  if (count === 0) return null;
  const cols = Math.max(1, columns);
  const last = count - 1;
  switch (key) {
    case 'ArrowRight':
      return Math.min(index + 1, last);
    case 'ArrowLeft':
      return Math.max(index - 1, 0);
    case 'ArrowDown':
      // Into a short last row: land on its last item rather than not moving.
      return index + cols <= last ? index + cols : Math.floor(index / cols) < Math.floor(last / cols) ? last : index;
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}

/** Columns of a CSS grid as laid out now (grid-template-columns resolves to one length per track). */
export function gridColumns(el: Element): number {
  const tracks = getComputedStyle(el).gridTemplateColumns.trim();
  return tracks && tracks !== 'none' ? tracks.split(/\s+/).length : 1;
}

/** The one card in the Tab order: the last one focused, else the selected one, else the first. */
export function tabStopIndex(items: readonly { id: string; selected?: boolean }[], activeId: string | null): number {
  const active = activeId === null ? -1 : items.findIndex((item) => item.id === activeId);
  if (active >= 0) return active;
  return Math.max(
    items.findIndex((item) => item.selected),
    0,
  );
}
