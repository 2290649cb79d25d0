'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ScanView } from '@/lib/realtime/scan-view';
import type { LabelChange } from './label-change';
import { emptyTrail, previousScan, recordRead, visit, type ReadingTrail, type RecentRead } from './reading-trail';

const storageKey = (slug: string) => `neuroloop:recent-reads:${slug}`;

/**
 * Where the reader has been on the labelling page (for P / Backspace) and their latest
 * reads (the history strip). The reads outlive a reload in the tab's session storage.
 */
export function useReadingHistory(slug: string, view: ScanView | null, replacing: string | undefined) {
  // The trail lives outside React's renders: a key pressed between the render that opens a
  // scan and the next one must already step back from the scan now open (see `previousOf`).
  const trail = useRef<ReadingTrail>(emptyTrail);
  const [reads, setReads] = useState<RecentRead[]>([]);
  const steppingBackTo = useRef<string | null>(null);
  const scanId = view?.scanId ?? null;
  const labels = view?.loaded ? view.mine.labels : undefined;
  const title = view?.title ?? null;

  useEffect(() => {
    const saved = window.sessionStorage.getItem(storageKey(slug));
    if (!saved) return;
    try {
      const parsed = JSON.parse(saved) as RecentRead[];
      if (Array.isArray(parsed)) setReads((now) => (now.length ? now : parsed));
    } catch {
      window.sessionStorage.removeItem(storageKey(slug));
    }
  }, [slug]);

  /** The trail brought up to the scan open now (a no-op when it is already there). */
  const reach = useCallback((open: { scanId: string; replacing?: string } | null): ReadingTrail => {
    const t = trail.current;
    if (!open || t.scanIds[t.cursor] === open.scanId) return t;
    trail.current = visit(t, open.scanId, steppingBackTo.current === open.scanId, open.replacing);
    steppingBackTo.current = null;
    return trail.current;
  }, []);

  useEffect(() => {
    reach(scanId ? { scanId, replacing } : null);
  }, [scanId, replacing, reach]);

  const record = useCallback(
    (read: { scanId: string; title: string | null; labels: string[] | null }) =>
      setReads((r) => {
        const next = recordRead(r, read);
        window.sessionStorage.setItem(storageKey(slug), JSON.stringify(next));
        return next;
      }),
    [slug],
  );

  // A scan opened with a read of mine (read earlier, or by me in another tab) joins the strip.
  const labelKey = labels === undefined ? undefined : JSON.stringify(labels);
  useEffect(() => {
    if (!scanId || labelKey === undefined) return;
    record({ scanId, title, labels: JSON.parse(labelKey) as string[] | null });
  }, [scanId, title, labelKey, record]);

  return {
    reads,
    /**
     * The scan "back" opens from `open`, the scan open at this moment in the live session
     * (null at the start); call `steppingBack` with it before opening it.
     */
    previousOf: useCallback(
      (open: { scanId: string; replacing?: string } | null) => previousScan(reach(open)),
      [reach],
    ),
    steppingBack: useCallback((to: string) => {
      steppingBackTo.current = to;
    }, []),
    /**
     * Every read the reader makes, as it is made: with auto-advance the next scan opens in
     * the same moment, so the open scan's view never shows the read.
     */
    noteChange: useCallback(
      (c: LabelChange) => {
        if (c.chain === 'read') record({ scanId: c.scanId, title: c.title, labels: c.after });
      },
      [record],
    ),
  };
}
