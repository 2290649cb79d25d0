'use client';

import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import {
  scanGridFilters,
  scanGridSorts,
  scanSplits,
  type ScanGridPage,
  type ScanGridQueryInput,
} from '@/lib/schemas/scan-grid';
import type { LiveProject } from '@/lib/realtime/live-session';
import { usersByScan, usersInProject } from '@/lib/realtime/presence';
import { useLiveSession } from '@/components/labeling/use-live-session';
import { describeReRank } from '@/lib/dashboard/queue-updated';
import { PresenceAvatars } from './presence-avatars';
import { ScanGridCard } from './scan-grid-card';
import { useScanGridPages } from './use-scan-grid-pages';

const CARD_MIN_WIDTH_PX = 170;
const ROW_HEIGHT_PX = 230;
const GAP_PX = 12;
const OVERSCAN_ROWS = 2;

const filterTitles: Record<(typeof scanGridFilters)[number], string> = {
  'needs-my-read': 'Needs my read',
  disagreement: 'Readers disagree',
  'needs-adjudication': 'Needs adjudication',
  'suspected-error': 'Suspected label error',
};
const sortTitles: Record<(typeof scanGridSorts)[number], string> = {
  rank: 'Queue rank',
  uncertainty: 'Uncertainty',
  name: 'Name',
  imported: 'Import date',
};

type Query = Omit<ScanGridQueryInput, 'offset' | 'limit'>;

/**
 * The project's scans as a virtualised grid: only the rows in view (and a few around them)
 * are in the page, and their cards are fetched a page at a time, so that a project of ten
 * thousand scans opens as fast as one of ten.
 */
export function ScanGrid({
  project,
  labels,
  first,
  initialQuery,
}: {
  project: LiveProject;
  labels: readonly string[];
  first: ScanGridPage;
  initialQuery: Query;
}) {
  const slug = project.slug;
  // The project room: who is viewing which scan, and when labels change.
  const { state: live, session } = useLiveSession({ project, summaries: null, seq: first.seq });
  const [reRanked, setReRanked] = useState<{ text: string; at: string } | null>(null);
  const viewing = usersByScan(live.presence, live.socketId);
  const present = usersInProject(live.presence);
  const liveSeq = live.seq.contiguous + live.seq.ahead.length;
  const [query, setQuery] = useState<Query>(initialQuery);
  const [search, setSearch] = useState(initialQuery.q ?? '');
  const { total, needsMyRead, items, error, ensure, refresh } = useScanGridPages(slug, query, first);
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ width: 1100, top: 0, height: 700 });

  useEffect(() => {
    const t = setTimeout(() => setQuery((q) => ({ ...q, q: search || undefined })), 250);
    return () => clearTimeout(t);
  }, [search]);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setView({ width: el.clientWidth, top: el.scrollTop, height: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener('scroll', measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', measure);
    };
  }, []);

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [query]);

  const refreshRef = useRef(refresh);
  useEffect(() => {
    refreshRef.current = refresh;
  });
  // The trainer re-ranked the queue: say so, with the versions that ranked it, and show the new order.
  useEffect(
    () =>
      session?.onProjectEvent((e) => {
        if (e.type !== 'queue.updated') return;
        setReRanked({ text: describeReRank(e.versions, e.pending), at: new Date().toLocaleTimeString() });
        refreshRef.current();
      }),
    [session],
  );

  // Labels changed: the cards in view are fetched again (at most twice a second).
  useEffect(() => {
    if (liveSeq <= first.seq) return;
    const t = setTimeout(refresh, 500);
    return () => clearTimeout(t);
    // `refresh` changes with the query; a new query fetches afresh anyway.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [liveSeq]);

  const columns = Math.max(1, Math.floor((view.width + GAP_PX) / (CARD_MIN_WIDTH_PX + GAP_PX)));
  const count = total ?? 0;
  const rows = Math.ceil(count / columns);
  const firstRow = Math.max(0, Math.floor(view.top / ROW_HEIGHT_PX) - OVERSCAN_ROWS);
  const lastRow = Math.min(rows - 1, Math.ceil((view.top + view.height) / ROW_HEIGHT_PX) + OVERSCAN_ROWS);
  const from = firstRow * columns;
  const to = Math.min(count - 1, (lastRow + 1) * columns - 1);

  useEffect(() => {
    if (to >= from) ensure(from, to);
  }, [from, to, ensure]);

  const set = (patch: Partial<Query>) => setQuery((q) => ({ ...q, ...patch }));
  const select = 'rounded border border-slate-600 bg-slate-950 px-2 py-1 text-sm';
  const cells = [];
  for (let i = from; i <= to; i++) {
    const item = items.get(i);
    const row = Math.floor(i / columns);
    const col = i % columns;
    cells.push(
      <div
        key={item?.id ?? `pending-${i}`}
        role="listitem"
        style={{
          position: 'absolute',
          top: row * ROW_HEIGHT_PX,
          left: `calc(${col} * (100% + ${GAP_PX}px) / ${columns})`,
          width: `calc((100% - ${(columns - 1) * GAP_PX}px) / ${columns})`,
          height: ROW_HEIGHT_PX - GAP_PX,
        }}
      >
        {item ? (
          <ScanGridCard
            slug={slug}
            item={item}
            readsPerScan={first.readsPerScan}
            viewing={viewing.get(item.id) ?? []}
          />
        ) : (
          <div className="h-full animate-pulse rounded-md bg-neutral-900" aria-hidden />
        )}
      </div>,
    );
  }

  return (
    <section aria-labelledby="scans-title" className="space-y-3" data-testid="scan-grid">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="scans-title" className="font-medium">
          Scans{' '}
          <span className="text-sm text-slate-400" data-testid="scan-grid-total">
            ({total ?? '…'})
          </span>
        </h2>
        <span className="flex items-center gap-2 text-xs text-slate-400" data-testid="project-presence">
          <PresenceAvatars users={present} max={8} />
          {present.length > 0 && <span>{present.length} here now</span>}
        </span>
        <span className="text-xs text-slate-500">{live.connection === 'online' ? '' : 'Reconnecting…'}</span>
        <Link
          href={`/projects/${slug}/scans`}
          data-testid="start-labelling"
          className="ml-auto rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-600"
        >
          Start labelling <span data-testid="needs-my-read">({needsMyRead})</span>
        </Link>
      </div>
      <form role="search" className="flex flex-wrap items-end gap-3 text-sm" onSubmit={(e) => e.preventDefault()}>
        <label className="flex flex-col gap-1">
          <span className="text-slate-300">Search by name</span>
          <input
            type="search"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            placeholder="e.g. case-0042"
            className={select}
          />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-300">Show</span>
          <select
            value={query.filter ?? ''}
            onChange={(e) => set({ filter: (e.target.value || undefined) as Query['filter'] })}
            className={select}
          >
            <option value="">All scans</option>
            {scanGridFilters.map((f) => (
              <option key={f} value={f}>
                {filterTitles[f]}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-300">Label</span>
          <select
            value={query.label ?? ''}
            onChange={(e) => set({ label: e.target.value || undefined })}
            className={select}
          >
            <option value="">Any label</option>
            {labels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-300">Split</span>
          <select
            value={query.split ?? ''}
            onChange={(e) => set({ split: (e.target.value || undefined) as Query['split'] })}
            className={select}
          >
            <option value="">Any split</option>
            {scanSplits.map((s) => (
              <option key={s} value={s}>
                {s === 'POOL' ? 'unlabelled pool' : s.toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-slate-300">Sort by</span>
          <select
            value={query.sort ?? 'rank'}
            onChange={(e) => set({ sort: e.target.value as Query['sort'] })}
            className={select}
          >
            {scanGridSorts.map((s) => (
              <option key={s} value={s}>
                {sortTitles[s]}
              </option>
            ))}
          </select>
        </label>
      </form>
      {reRanked && (
        <p
          role="status"
          data-testid="queue-reranked"
          className="rounded border border-sky-800 bg-sky-950 px-3 py-2 text-sm text-sky-100"
        >
          {reRanked.text} ({reRanked.at})
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-red-300">
          {error}
        </p>
      )}
      <div ref={scroller} className="h-[70vh] overflow-y-auto rounded-lg border border-slate-800 p-2">
        {total === 0 ? (
          <p className="p-4 text-sm text-slate-400">
            {first.total === 0 && !query.filter && !query.q
              ? 'No scans yet. Import some to start labelling.'
              : 'No scan matches.'}
          </p>
        ) : (
          <div role="list" aria-label="Scans" style={{ position: 'relative', height: rows * ROW_HEIGHT_PX }}>
            {cells}
          </div>
        )}
      </div>
    </section>
  );
}
