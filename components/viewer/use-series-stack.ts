'use client';

import { useEffect, useState } from 'react';
import { fetchSeriesStack, type SeriesStackData } from './series-api';
import { stackKeyCommand, type StackCommand } from './stack-keys';
import { useWindowKeys } from './use-window-keys';

export interface SeriesStack {
  /** The scan the viewer shows: the asked one, or a neighbour the reader scrolled to. */
  viewedId: string | null;
  /** Position of the viewed slice and of the asked slice in the stack (0-based), and its size. */
  index: number;
  askedIndex: number;
  count: number;
  viewedTitle: string | null;
  /** The neighbours next to the viewed slice, to load ahead. */
  neighbourIds: string[];
  run(command: StackCommand): void;
}

/**
 * The asked scan's series as a stack: wheel, ↑/↓ (PgUp/PgDn) and Home move the viewed slice
 * while labels keep going to the asked scan. A new asked scan starts on itself.
 */
export function useSeriesStack(slug: string, scanId: string | null, keyboardEnabled: boolean): SeriesStack {
  const [stack, setStack] = useState<{ scanId: string; data: SeriesStackData } | null>(null);
  const [viewed, setViewed] = useState<{ scanId: string; index: number } | null>(null);

  useEffect(() => {
    if (!scanId) return;
    let live = true;
    fetchSeriesStack(slug, scanId).then(
      (data) => live && setStack({ scanId, data }),
      () => live && setStack({ scanId, data: { slices: [{ scanId, title: '' }], askedIndex: 0 } }),
    );
    return () => {
      live = false;
    };
  }, [slug, scanId]);

  const data = stack && stack.scanId === scanId ? stack.data : null;
  const count = data?.slices.length ?? 1;
  const askedIndex = data?.askedIndex ?? 0;
  const index = viewed && viewed.scanId === scanId && data ? viewed.index : askedIndex;
  const run = (command: StackCommand): void => {
    if (!scanId || !data) return;
    const next = command.type === 'asked' ? askedIndex : Math.min(count - 1, Math.max(0, index + command.by));
    setViewed({ scanId, index: next });
  };
  useWindowKeys(keyboardEnabled && count > 1, stackKeyCommand, run);

  const slice = data?.slices[index];
  const neighbourIds = data
    ? [data.slices[index + 1], data.slices[index - 1]].flatMap((s) => (s ? [s.scanId] : []))
    : [];
  return {
    viewedId: slice?.scanId ?? scanId,
    index,
    askedIndex,
    count,
    viewedTitle: slice?.title ?? null,
    neighbourIds,
    run,
  };
}
