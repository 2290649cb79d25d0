'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveSession } from '@/components/labeling/use-live-session';
import { trainingJobsResponseSchema, type TrainingJobsResponse } from '@/lib/dashboard/training-jobs';
import type { LiveProject } from '@/lib/realtime/live-session';
import { applyTrainingEvent } from './training-job-events';

// Only while the live connection is down; joined, the trainer's events carry every change.
const OFFLINE_POLL_MS = { open: 3_000, idle: 30_000 };

/**
 * The project's training jobs, kept current by its 'project.event' messages (progress applied
 * in place, lifecycle events re-read the list), polling the route only while disconnected.
 */
export function useLiveTrainingJobs(
  project: LiveProject,
  initial: TrainingJobsResponse,
): {
  data: TrainingJobsResponse;
  stale: boolean;
  /** Joined: events arrive. */
  live: boolean;
  /** The connection dropped (not merely still connecting): the panel polls meanwhile. */
  offline: boolean;
} {
  const { session, state } = useLiveSession({ project, summaries: null, seq: 0 });
  const live = state.connection === 'online' && state.joined;
  const [data, setData] = useState(initial);
  const [stale, setStale] = useState(false);
  const latest = useRef(initial);
  const slug = project.slug;

  const show = useCallback((next: TrainingJobsResponse) => {
    latest.current = next;
    setData(next);
  }, []);

  const refresh = useCallback(async () => {
    try {
      const res = await fetch(`/api/projects/${encodeURIComponent(slug)}/dashboard/training-jobs`, {
        cache: 'no-store',
      });
      const body = (await res.json()) as { ok: boolean; data?: unknown };
      if (!body.ok) throw new Error(`training jobs: ${res.status}`);
      show(trainingJobsResponseSchema.parse(body.data));
      setStale(false);
    } catch {
      setStale(true);
    }
  }, [slug, show]);

  useEffect(
    () =>
      session?.onProjectEvent((e) => {
        const next = applyTrainingEvent(latest.current, e);
        if (next === 'refetch') void refresh();
        else if (next) show(next);
      }),
    [session, refresh, show],
  );

  // (Re)joined: read what changed while no event could arrive.
  useEffect(() => {
    if (live) void refresh();
  }, [live, refresh]);

  const open = data.live !== null;
  useEffect(() => {
    if (live) return;
    const timer = setInterval(() => void refresh(), open ? OFFLINE_POLL_MS.open : OFFLINE_POLL_MS.idle);
    return () => clearInterval(timer);
  }, [live, open, refresh]);

  return { data, stale, live, offline: state.connection === 'offline' };
}
