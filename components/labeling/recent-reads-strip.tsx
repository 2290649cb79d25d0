'use client';

import type { MouseEvent } from 'react';
import type { RecentRead } from './reading-trail';

export interface RecentReadsStripProps {
  slug: string;
  reads: readonly RecentRead[];
  openScanId: string | null;
  /** Opens a scan in place (a plain click); modified clicks follow the link as usual. */
  onOpen(scanId: string): void;
}

/** The reader's latest reads, newest first, each a link to its scan. */
export function RecentReadsStrip({ slug, reads, openScanId, onOpen }: RecentReadsStripProps) {
  const follow = (e: MouseEvent, scanId: string): void => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    onOpen(scanId);
  };
  return (
    <nav
      aria-label="My last reads"
      className="flex h-9 shrink-0 items-center gap-2 border-t border-slate-800 px-3 text-xs"
    >
      <span className="shrink-0 text-slate-400">My last reads</span>
      {reads.length === 0 ? (
        <span className="text-slate-500">none yet on this page</span>
      ) : (
        <ol className="flex min-w-0 gap-1 overflow-x-auto" data-testid="recent-reads">
          {reads.map((r) => (
            <li key={r.scanId} className="shrink-0">
              <a
                href={`/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(r.scanId)}`}
                onClick={(e) => follow(e, r.scanId)}
                aria-current={r.scanId === openScanId ? 'page' : undefined}
                className="block max-w-48 truncate rounded border border-slate-700 px-2 py-0.5 text-slate-300 hover:border-slate-500 hover:text-white aria-[current=page]:border-sky-500 aria-[current=page]:text-white"
              >
                {r.title ?? r.scanId} · {r.labels.join(', ')}
              </a>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
