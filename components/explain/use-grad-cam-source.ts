'use client';

import { useEffect, useMemo, useState } from 'react';
import { isExplanationEvent, type ProjectEvent, type ProjectEventType } from '@/lib/events/project-event';
import { fetchExplainableVersions } from './explanation-api';
import type { SubscribeExplanationEvents } from './use-explanation';
import type { ExplainableVersion } from './version-options';

/** The page's project events (LiveSession.onProjectEvent); null until its session exists. */
export type ProjectEventSource = ((listener: (event: ProjectEvent) => void) => () => void) | null;

// A training run adds versions and may move the active one.
const VERSION_EVENTS: ReadonlySet<ProjectEventType> = new Set(['training.model', 'training.finished']);

/**
 * What GradCamControl needs from the page: the project's explainable versions (fetched
 * again after each training run) and its explanation events, narrowed from the project's.
 */
export function useGradCamSource(
  slug: string,
  events: ProjectEventSource,
): { versions: readonly ExplainableVersion[]; subscribe?: SubscribeExplanationEvents; error: string | null } {
  const [versions, setVersions] = useState<readonly ExplainableVersion[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const abort = new AbortController();
    fetchExplainableVersions(slug, abort.signal).then(
      (list) => {
        setVersions(list);
        setError(null);
      },
      (e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e.message : 'The model versions could not be loaded.');
      },
    );
    return () => abort.abort();
  }, [slug, generation]);

  useEffect(() => events?.((e) => VERSION_EVENTS.has(e.type) && setGeneration((g) => g + 1)), [events]);

  const subscribe = useMemo<SubscribeExplanationEvents | undefined>(
    () =>
      events
        ? (listener) =>
            events((e) => {
              if (isExplanationEvent(e)) listener(e);
            })
        : undefined,
    [events],
  );
  return { versions, subscribe, error };
}
