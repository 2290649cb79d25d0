'use client';

import { useEffect, useState } from 'react';
import { useLiveSession } from '@/components/labeling/use-live-session';
import { importProgressEventSchema, type ImportProgressEvent } from '@/lib/imaging/import-report';
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
        const parsed = importProgressEventSchema.safeParse(event);
        if (parsed.success && parsed.data.userId === userId) setProgress(parsed.data);
      }),
    [session, userId],
  );
  return progress;
}
