import Link from 'next/link';
import type { ScanGridItem } from '@/lib/schemas/scan-grid';
import { PresenceAvatars, type PresenceUser } from './presence-avatars';

/** One scan in the project grid: thumbnail, queue rank, uncertainty, reads and the labels the viewer may see. */
export function ScanGridCard({
  slug,
  item,
  readsPerScan,
  viewing,
}: {
  slug: string;
  item: ScanGridItem;
  readsPerScan: number;
  /** Who has this scan open now. */
  viewing: readonly PresenceUser[];
}) {
  const href = `/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(item.id)}`;
  const labels = item.labels?.join(', ') ?? (item.readCount > 0 ? 'Labels hidden until you read it' : 'No reads yet');
  const own = item.mine ? `You: ${item.mine.join(', ')}` : labels;
  const name = [
    item.title,
    own,
    item.rank === null ? 'not queued' : `rank ${item.rank}`,
    item.uncertainty === null ? null : `uncertainty ${item.uncertainty.toFixed(2)}`,
    `${item.readCount}/${readsPerScan} reads`,
    viewing.length ? `viewing: ${viewing.map((u) => u.name).join(', ')}` : null,
  ];
  return (
    <Link
      href={href}
      aria-label={name.filter(Boolean).join(', ')}
      data-testid="scan-card"
      className="flex h-full flex-col overflow-hidden rounded-md bg-neutral-900 ring-1 ring-neutral-800 hover:ring-sky-600 focus-visible:outline-2 focus-visible:outline-sky-400"
    >
      <div className="relative min-h-0 flex-1 bg-neutral-950">
        <img
          src={`/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(item.id)}/thumbnail`}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          className="absolute inset-0 h-full w-full object-contain"
        />
        <div className="absolute left-1 top-1 flex flex-wrap gap-1 text-[10px] font-medium">
          <span className="rounded bg-black/75 px-1.5 py-0.5 text-neutral-100" title="Place in the review queue">
            {item.rank === null ? 'not queued' : `#${item.rank}`}
          </span>
          {item.uncertainty !== null && (
            <span className="rounded bg-black/75 px-1.5 py-0.5 text-amber-200" title="Uncertainty (review score)">
              u {item.uncertainty.toFixed(2)}
            </span>
          )}
        </div>
        <div className="absolute right-1 top-1">
          <PresenceAvatars users={viewing} />
        </div>
        <div className="absolute bottom-1 left-1 flex flex-wrap gap-1 text-[10px] font-medium">
          <span className="rounded bg-black/75 px-1.5 py-0.5 text-neutral-100" title="Reads / reads per scan">
            {item.readCount}/{readsPerScan}
          </span>
          {item.disagreement && <span className="rounded bg-rose-900/90 px-1.5 py-0.5 text-rose-100">disagree</span>}
          {item.queues.includes('ADJUDICATION') && (
            <span className="rounded bg-violet-900/90 px-1.5 py-0.5 text-violet-100">adjudicate</span>
          )}
          {item.queues.includes('SUSPECTED_ERROR') && (
            <span className="rounded bg-amber-900/90 px-1.5 py-0.5 text-amber-100">suspect</span>
          )}
        </div>
      </div>
      <div className="flex min-w-0 flex-col px-2 py-1.5">
        <span className="truncate text-sm text-neutral-100">{item.title}</span>
        <span className="truncate text-xs text-neutral-400">
          {own} · {item.split.toLowerCase()}
        </span>
      </div>
    </Link>
  );
}
