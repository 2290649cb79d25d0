'use client';

import { useEffect, useState } from 'react';
import { decodePreview } from '@/lib/imaging/preview-format';
import type { ViewerImage } from '@/components/viewer/scan-viewer';

const cache = new Map<string, ViewerImage>();
const CACHE_SIZE = 12;

export function previewUrl(slug: string, scanId: string): string {
  return `/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(scanId)}/preview`;
}

export function thumbnailUrl(slug: string, scanId: string): string {
  return `/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(scanId)}/thumbnail`;
}

async function loadImage(slug: string, scanId: string, signal?: AbortSignal): Promise<ViewerImage> {
  const hit = cache.get(`${slug}/${scanId}`);
  if (hit) return hit;
  const res = await fetch(previewUrl(slug, scanId), { signal });
  if (!res.ok) throw new Error(`The image could not be loaded (${res.status}).`);
  const decoded = decodePreview(new Uint8Array(await res.arrayBuffer()));
  const image: ViewerImage = { pixels: decoded.pixels, width: decoded.width, height: decoded.height, modality: decoded.modality, hounsfield: decoded.hounsfield, window: decoded.window };
  cache.set(`${slug}/${scanId}`, image);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return image;
}

/** The scan's pixels for the viewer (a small cache makes going back and forth instant). */
export function useScanImage(slug: string, scanId: string | null): { image: ViewerImage | null; loading: boolean; error: string | null } {
  const [result, setResult] = useState<{ scanId: string | null; image: ViewerImage | null; error: string | null }>({ scanId: null, image: null, error: null });
  useEffect(() => {
    if (!scanId) return;
    const abort = new AbortController();
    loadImage(slug, scanId, abort.signal)
      .then((image) => setResult({ scanId, image, error: null }))
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setResult({ scanId, image: null, error: e instanceof Error ? e.message : 'The image could not be loaded.' });
      });
    return () => abort.abort();
  }, [slug, scanId]);
  const current = result.scanId === scanId;
  return { image: current ? result.image : null, loading: scanId !== null && !current, error: current ? result.error : null };
}
