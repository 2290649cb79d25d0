'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { GRID_PAGE_SIZE, type ScanGridItem, type ScanGridPage, type ScanGridQueryInput } from '@/lib/schemas/scan-grid';

/**
 * The grid's cards by index, fetched a page at a time as rows scroll into view. A new query
 * starts afresh; answers to an old query are dropped.
 */
export function useScanGridPages(
  slug: string,
  query: Omit<ScanGridQueryInput, 'offset' | 'limit'>,
  first: ScanGridPage,
) {
  const key = JSON.stringify(query);
  const [state, setState] = useState(() => ({
    key,
    total: first.total,
    needsMyRead: first.needsMyRead,
    items: new Map(indexed(first)),
  }));
  const [error, setError] = useState<string | null>(null);
  const asked = useRef(new Set<number>([Math.floor(first.offset / GRID_PAGE_SIZE)]));
  const current = useRef(key);
  const firstKey = useRef(key);

  const load = useCallback(
    async (page: number) => {
      if (asked.current.has(page)) return;
      asked.current.add(page);
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
      params.set('offset', String(page * GRID_PAGE_SIZE));
      params.set('limit', String(GRID_PAGE_SIZE));
      try {
        const res = await fetch(`/api/projects/${encodeURIComponent(slug)}/scans/grid?${params}`);
        const out = (await res.json()) as { ok: boolean; data?: ScanGridPage; error?: { message: string } };
        if (current.current !== key) return;
        if (!out.ok || !out.data) throw new Error(out.error?.message ?? `The server answered ${res.status}.`);
        const data = out.data;
        setError(null);
        setState((s) => {
          const items = s.key === key ? new Map(s.items) : new Map<number, ScanGridItem>();
          for (const [i, item] of indexed(data)) items.set(i, item);
          return { key, total: data.total, needsMyRead: data.needsMyRead, items };
        });
      } catch (e) {
        asked.current.delete(page);
        if (current.current === key) setError((e as Error).message);
      }
    },
    // `key` stands for `query`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [slug, key],
  );

  useEffect(() => {
    current.current = key;
    if (key === firstKey.current && state.key === key) return;
    asked.current = new Set();
    void load(0);
    // Only a new query starts afresh.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const fresh = state.key === key;
  const range = useRef<[number, number]>([0, 0]);
  return {
    total: fresh ? state.total : null,
    /** The latest answer's count of scans needing my read (any query: it ignores the filter). */
    needsMyRead: state.needsMyRead,
    items: fresh ? state.items : new Map<number, ScanGridItem>(),
    error,
    /** Fetches the pages in view again (labels changed). */
    refresh: () => {
      asked.current = new Set();
      const [from, to] = range.current;
      for (let p = Math.floor(from / GRID_PAGE_SIZE); p <= Math.floor(to / GRID_PAGE_SIZE); p++) void load(p);
    },
    ensure: (fromIndex: number, toIndex: number) => {
      range.current = [fromIndex, toIndex];
      for (let p = Math.floor(fromIndex / GRID_PAGE_SIZE); p <= Math.floor(toIndex / GRID_PAGE_SIZE); p++) void load(p);
    },
  };
}

function indexed(page: ScanGridPage): [number, ScanGridItem][] {
  return page.items.map((item, i) => [page.offset + i, item]);
}
