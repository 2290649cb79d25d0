'use client';

import { useEffect, useState } from 'react';
import { decodePreview } from '@/lib/imaging/preview-format';
import type { ViewerImage } from '@/components/viewer/scan-viewer';

const cache = new Map<string, ViewerImage>();
const inflight = new Map<string, Promise<ViewerImage>>();
// The scans around the open one (history, series neighbours, the next scans) stay decoded.
const CACHE_SIZE = 24;

export function previewUrl(slug: string, scanId: string): string {
  return `/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(scanId)}/preview`;
}

export function thumbnailUrl(slug: string, scanId: string): string {
  return `/api/projects/${encodeURIComponent(slug)}/scans/${encodeURIComponent(scanId)}/thumbnail`;
}

function loadImage(slug: string, scanId: string): Promise<ViewerImage> {
  const key = `${slug}/${scanId}`;
  const hit = cache.get(key);
  if (hit) return Promise.resolve(hit);
  // One download per scan, shared by the viewer and the prefetcher (neither aborts it).
  let pending = inflight.get(key);
  if (!pending) {
    pending = downloadImage(slug, scanId).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

/** Loads a scan's pixels into the cache ahead of need; failures are left to the viewer to report. */
export function prefetchScanImage(slug: string, scanId: string): void {
  loadImage(slug, scanId).catch(() => undefined);
}

async function downloadImage(slug: string, scanId: string): Promise<ViewerImage> {
  const res = await fetch(previewUrl(slug, scanId));
  if (!res.ok) throw new Error(`The image could not be loaded (${res.status}).`);
  const decoded = decodePreview(new Uint8Array(await res.arrayBuffer()));
  const image: ViewerImage = {
    pixels: decoded.pixels,
    width: decoded.width,
    height: decoded.height,
    modality: decoded.modality,
    hounsfield: decoded.hounsfield,
    window: decoded.window,
  };
  cache.set(`${slug}/${scanId}`, image);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return image;
}

function cachedImage(slug: string, scanId: string | null): ViewerImage | null {
  if (!scanId) return null;
  const key = `${slug}/${scanId}`;
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last: eviction takes the oldest.
    cache.delete(key);
    cache.set(key, hit);
  }
  return hit ?? null;
}

/**
 * The scan's pixels for the viewer. A cached (or prefetched) image is returned in the same
 * render that asks for it, so moving to it draws at once, with no loading state between.
 */
export function useScanImage(
  slug: string,
  scanId: string | null,
): { image: ViewerImage | null; loading: boolean; error: string | null } {
  const [result, setResult] = useState<{ scanId: string | null; image: ViewerImage | null; error: string | null }>({
    scanId: null,
    image: null,
    error: null,
  });
  const cached = cachedImage(slug, scanId);
  useEffect(() => {
    if (!scanId || cached) return;
    let live = true;
    loadImage(slug, scanId)
      .then((image) => live && setResult({ scanId, image, error: null }))
      .catch((e: unknown) => {
        if (live)
          setResult({ scanId, image: null, error: e instanceof Error ? e.message : 'The image could not be loaded.' });
      });
    return () => {
      live = false;
    };
  }, [slug, scanId, cached]);
  if (cached) return { image: cached, loading: false, error: null };
  const current = result.scanId === scanId;
  return {
    image: current ? result.image : null,
    loading: scanId !== null && !current,
    error: current ? result.error : null,
  };
}
