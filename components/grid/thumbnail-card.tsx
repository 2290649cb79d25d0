import { useState, type FocusEvent, type Ref } from 'react';
import { PresenceAvatars, type PresenceUser } from './presence-avatars';

export interface ThumbnailItem {
  id: string;
  thumbnailUrl: string;
  title: string;
  badges?: string[];
  presence?: PresenceUser[];
  labelSummary?: string;
  selected?: boolean;
}

export interface ThumbnailCardProps {
  item: ThumbnailItem;
  index: number;
  /** Roving tab stop: only the active card is in the Tab order. */
  tabbable: boolean;
  buttonRef: Ref<HTMLButtonElement>;
  onOpen(id: string): void;
  onFocus(e: FocusEvent<HTMLButtonElement>): void;
}

function accessibleName(item: ThumbnailItem): string {
  const parts = [item.title, item.labelSummary, ...(item.badges ?? [])];
  if (item.presence?.length) parts.push(`viewing: ${item.presence.map((p) => p.name).join(', ')}`);
  return parts.filter(Boolean).join(', ');
}

export function ThumbnailCard({ item, index, tabbable, buttonRef, onOpen, onFocus }: ThumbnailCardProps) {
  const [failed, setFailed] = useState(false);
  const ring = item.selected ? 'ring-2 ring-sky-400' : 'ring-1 ring-neutral-800 hover:ring-neutral-600';
  return (
    <button
      ref={buttonRef}
      type="button"
      data-index={index}
      tabIndex={tabbable ? 0 : -1}
      aria-current={item.selected ? 'true' : undefined}
      aria-label={accessibleName(item)}
      onClick={() => onOpen(item.id)}
      onFocus={onFocus}
      className={`group flex w-full flex-col overflow-hidden rounded-md bg-neutral-900 text-left focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-400 ${ring}`}
    >
      {/* Fixed aspect box: the grid keeps its layout while images arrive lazily. */}
      <div className="relative aspect-square w-full bg-neutral-950">
        {failed ? (
          <span className="absolute inset-0 flex items-center justify-center text-xs text-neutral-500">No preview</span>
        ) : (
          <img
            src={item.thumbnailUrl}
            alt=""
            loading="lazy"
            decoding="async"
            width={256}
            height={256}
            draggable={false}
            onError={() => setFailed(true)}
            className="absolute inset-0 h-full w-full object-contain"
          />
        )}
        {item.badges && item.badges.length > 0 && (
          <div className="absolute left-1 top-1 flex flex-wrap gap-1">
            {item.badges.map((badge) => (
              <span
                key={badge}
                className="rounded bg-black/70 px-1.5 py-0.5 text-[10px] font-medium uppercase text-neutral-100"
              >
                {badge}
              </span>
            ))}
          </div>
        )}
        <div className="absolute right-1 top-1">
          <PresenceAvatars users={item.presence ?? []} />
        </div>
      </div>
      <div className="flex min-w-0 flex-col px-2 py-1.5">
        <span className="truncate text-sm text-neutral-100">{item.title}</span>
        {item.labelSummary && <span className="truncate text-xs text-neutral-400">{item.labelSummary}</span>}
      </div>
    </button>
  );
}
