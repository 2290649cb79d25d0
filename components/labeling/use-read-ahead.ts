'use client';

import { useEffect } from 'react';
import { z } from 'zod';
import { scanStateSchema, type ScanState } from '@/lib/realtime/protocol';
import { fetchSeriesStack } from '@/components/viewer/series-api';
import { prefetchScanImage } from './use-scan-image';

const nextScansResponseSchema = z.object({ ok: z.literal(true), data: z.object({ scanIds: z.array(z.string()) }) });
const scanStateResponseSchema = z.object({ ok: z.literal(true), data: scanStateSchema });

/** Where loaded-ahead scan states and the hint of what Next serves go (LiveSession). */
export interface ScanStatePrimer {
  prime(state: ScanState): void;
  hintNext(scanIds: readonly string[]): void;
}

/** How many of the scans Next would serve are loaded ahead. */
const READ_AHEAD = 2;

/**
 * Loads ahead what the reader is likely to see next, so it draws at once: the scans Next
 * would serve (asked again whenever the open scan changes; a hint, not a claim) with their
 * images, states and series, and the open scan's series neighbours' images.
 */
export function useReadAhead(
  slug: string,
  scanId: string | null,
  neighbourIds: readonly string[],
  primer: ScanStatePrimer | null,
): void {
  useEffect(() => {
    if (!scanId) return;
    const abort = new AbortController();
    fetch(`/api/projects/${encodeURIComponent(slug)}/next-scans?count=${READ_AHEAD}`, { signal: abort.signal })
      .then(async (res) => (res.ok ? nextScansResponseSchema.parse(await res.json()).data.scanIds : []))
      .then(
        (ids) => {
          primer?.hintNext(ids);
          for (const id of ids) {
            prefetchScanImage(slug, id);
            fetchSeriesStack(slug, id).catch(() => undefined);
            const url = `/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(id)}`;
            fetch(url, { signal: abort.signal })
              .then(async (res) => res.ok && primer?.prime(scanStateResponseSchema.parse(await res.json()).data))
              .catch(() => undefined);
          }
        },
        () => undefined,
      );
    return () => abort.abort();
  }, [slug, scanId, primer]);

  const neighbours = neighbourIds.join(' ');
  useEffect(() => {
    for (const id of neighbours.split(' ')) if (id) prefetchScanImage(slug, id);
  }, [slug, neighbours]);
}
