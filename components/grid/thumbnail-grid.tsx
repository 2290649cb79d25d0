'use client';

import { useRef, useState, type KeyboardEvent } from 'react';
import { gridColumns, nextGridIndex, tabStopIndex } from './grid-navigation';
import { ThumbnailCard, type ThumbnailItem } from './thumbnail-card';

export type { ThumbnailItem } from './thumbnail-card';
export type { PresenceUser } from './presence-avatars';

export interface ThumbnailGridProps {
  items: readonly ThumbnailItem[];
  onOpen(id: string): void;
  /** Accessible name of the list. */
  label?: string;
  className?: string;
}

/**
 * Responsive grid of scan thumbnails. One Tab stop (roving tabindex); arrow keys, Home
 * and End move between cards; Enter or Space opens one.
 */
export function ThumbnailGrid({ items, onOpen, label = 'Scans', className = '' }: ThumbnailGridProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [activeId, setActiveId] = useState<string | null>(null);
  const tabStop = tabStopIndex(items, activeId);

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    const card = e.target instanceof Element ? e.target.closest('[data-index]') : null;
    if (!card || !listRef.current) return;
    const from = Number(card.getAttribute('data-index'));
    const next = nextGridIndex(from, e.key, items.length, gridColumns(listRef.current));
    if (next === null) return;
    e.preventDefault();
    const id = items[next].id;
    setActiveId(id);
    buttons.current.get(id)?.focus();
  };

  return (
    <ul
      ref={listRef}
      role="list"
      aria-label={label}
      onKeyDown={onKeyDown}
      className={`grid grid-cols-[repeat(auto-fill,minmax(9rem,1fr))] gap-3 ${className}`}
    >
      {items.map((item, index) => (
        <li key={item.id}>
          <ThumbnailCard
            item={item}
            index={index}
            tabbable={index === tabStop}
            buttonRef={(el) => {
              if (el) buttons.current.set(item.id, el);
              else buttons.current.delete(item.id);
            }}
            onOpen={onOpen}
            onFocus={() => setActiveId(item.id)}
          />
        </li>
      ))}
    </ul>
  );
}
