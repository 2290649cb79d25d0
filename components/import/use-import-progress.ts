'use client';

import { useEffect, useState } from 'react';
import { useLiveSession } from '@/components/labeling/use-live-session';
import type { ImportProgressEvent } from '@/lib/events/project-event';
import type { LiveProject } from '@/lib/realtime/live-session';

/**
 * The server's live progress on this user's imports into the project ('import.progress'
 * project events over the page's Socket.IO session): the latest event, or null before any.
 */
export function useImportProgress(project: LiveProject, userId: string): ImportProgressEvent | null {
  const { session } = useLiveSession({ project, summaries: null, seq: 0 });
  const [progress, setProgress] = useState<ImportProgressEvent | null>(null);
  useEffect(
    () =>
      session?.onProjectEvent((event) => {
        if (event.type === 'import.progress' && event.userId === userId) setProgress(event);
      }),
    [session, userId],
  );
  return progress;
}
