'use client';

import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { LiveSession, type LiveProject } from '@/lib/realtime/live-session';
import { initialLiveState, type LiveState } from '@/lib/realtime/live-state';
import type { ScanSummary } from '@/lib/realtime/protocol';
import { openSocket, socketTransport } from './socket-transport';

const noopSubscribe = () => () => {};

/**
 * One LiveSession (one Socket.IO connection to this origin) for the page, and its state.
 * `summaries` and `seq` are the server-rendered starting point (null: keep no summaries).
 */
export function useLiveSession(opts: { project: LiveProject; summaries: ScanSummary[] | null; seq: number }): {
  session: LiveSession | null;
  state: LiveState;
} {
  const initial = useRef(opts);
  const [session, setSession] = useState<LiveSession | null>(null);
  useEffect(() => {
    const start = initial.current;
    const s = new LiveSession({
      transport: socketTransport(openSocket()),
      project: start.project,
      summaries: start.summaries,
      seq: start.seq,
    });
    setSession(s);
    return () => s.dispose();
  }, []);
  const fallback = useMemo(
    () => initialLiveState({ seq: opts.seq, summaries: opts.summaries }),
    [opts.seq, opts.summaries],
  );
  const state = useSyncExternalStore(
    session?.subscribe ?? noopSubscribe,
    session?.getState ?? (() => fallback),
    () => fallback,
  );
  return { session, state };
}
