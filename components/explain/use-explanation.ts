'use client';

import { useEffect, useRef, useState } from 'react';
import { fetchHeatmap, postExplanation, type ExplanationEvent, type HeatmapData } from './explanation-api';

/** Where the overlay for one (version, scan) stands, as the control shows it. */
export type ExplanationStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  /** Queued or running on the trainer: 'explanation.ready' (or a poll) ends it. */
  | { state: 'computing' }
  | { state: 'ready'; data: HeatmapData }
  | { state: 'failed'; error: string };

/** Subscribes to the project's explanation events; returns the unsubscribe. */
export type SubscribeExplanationEvents = (listener: (event: ExplanationEvent) => void) => () => void;

// Finished heatmaps never change: toggling and going back to a scan are instant.
const heatmaps = new Map<string, HeatmapData>();
const CACHE_SIZE = 24;

function remember(id: string, data: HeatmapData): void {
  heatmaps.set(id, data);
  if (heatmaps.size > CACHE_SIZE) heatmaps.delete(heatmaps.keys().next().value as string);
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : 'The explanation could not be loaded.');

export interface UseExplanationOptions {
  slug: string;
  scanId: string | null;
  versionId: string | null;
  /** The class whose evidence to show (an index into the labels); -1: the class the model predicts. */
  classIndex?: number;
  enabled: boolean;
  subscribe?: SubscribeExplanationEvents;
  /** Re-asks while computing, in case an event was missed (default 3 s, 15 s with a subscription). */
  pollMs?: number;
}

/**
 * Requests the Grad-CAM of the scan under the version while enabled, waits for it to be
 * computed (event or poll), and fetches the heatmap.
 */
export function useExplanation({
  slug,
  scanId,
  versionId,
  classIndex = -1,
  enabled,
  subscribe,
  pollMs,
}: UseExplanationOptions): ExplanationStatus {
  const [result, setResult] = useState<{ id: string; status: ExplanationStatus } | null>(null);
  const onEvent = useRef<((e: ExplanationEvent) => void) | null>(null);
  const hasSubscription = subscribe !== undefined;

  useEffect(() => subscribe?.((e) => onEvent.current?.(e)), [subscribe]);

  useEffect(() => {
    if (!enabled || !scanId || !versionId) return;
    const key = { modelVersionId: versionId, scanId, classIndex };
    const id = `${versionId}:${scanId}:${classIndex}`;
    const cached = heatmaps.get(id);
    if (cached) {
      setResult({ id, status: { state: 'ready', data: cached } });
      return;
    }
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const settle = (status: ExplanationStatus) => {
      if (abort.signal.aborted || settled) return;
      settled = status.state === 'ready' || status.state === 'failed';
      setResult({ id, status });
    };
    const load = () =>
      fetchHeatmap(slug, key, abort.signal).then(
        (data) => {
          remember(id, data);
          settle({ state: 'ready', data });
        },
        (e: unknown) => settle({ state: 'failed', error: messageOf(e) }),
      );
    const check = async (): Promise<void> => {
      try {
        const view = await postExplanation(slug, key, abort.signal);
        if (settled || abort.signal.aborted) return;
        if (view.state === 'SUCCEEDED') return void (await load());
        if (view.state === 'FAILED') return settle({ state: 'failed', error: view.error });
        settle({ state: 'computing' });
        timer = setTimeout(() => void check(), pollMs ?? (hasSubscription ? 15_000 : 3_000));
      } catch (e) {
        settle({ state: 'failed', error: messageOf(e) });
      }
    };
    onEvent.current = (e) => {
      if (settled || e.modelVersionId !== versionId || e.scanId !== scanId || e.classIndex !== classIndex) return;
      clearTimeout(timer);
      if (e.type === 'explanation.ready') void load();
      else settle({ state: 'failed', error: e.error ?? 'The explanation failed.' });
    };
    setResult({ id, status: { state: 'loading' } });
    void check();
    return () => {
      abort.abort();
      clearTimeout(timer);
      onEvent.current = null;
    };
  }, [slug, scanId, versionId, classIndex, enabled, hasSubscription, pollMs]);

  if (!enabled || !scanId || !versionId) return { state: 'idle' };
  return result?.id === `${versionId}:${scanId}:${classIndex}` ? result.status : { state: 'loading' };
}
