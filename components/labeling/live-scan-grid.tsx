'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import type { LiveProject } from '@/lib/realtime/live-session';
import { usersByScan, usersInProject } from '@/lib/realtime/presence';
import type { ScanSummary } from '@/lib/realtime/protocol';
import { PresenceAvatars } from '@/components/grid/presence-avatars';
import { ThumbnailGrid, type ThumbnailItem } from '@/components/grid/thumbnail-grid';
import { useLiveSession } from './use-live-session';
import { thumbnailUrl } from './use-scan-image';

export interface LiveScanGridProps {
  project: LiveProject;
  scans: { id: string; title: string; summary: ScanSummary }[];
  /** The sequence the summaries are current at. */
  seq: number;
  /** How many scans the project has (the grid lists at most `scans.length`). */
  total: number;
}

/** The project's scans, live: labels and who is viewing what, plus "Start labelling (N)". */
export function LiveScanGrid({ project, scans, seq, total }: LiveScanGridProps) {
  const router = useRouter();
  const initial = useMemo(() => scans.map((s) => s.summary), [scans]);
  const { state } = useLiveSession({ project, summaries: initial, seq });
  const summaries = state.summaries ?? {};
  const viewing = usersByScan(state.presence, state.socketId);
  const present = usersInProject(state.presence);

  const items: ThumbnailItem[] = scans.map((s) => {
    const summary = summaries[s.id] ?? s.summary;
    return {
      id: s.id,
      title: s.title,
      thumbnailUrl: thumbnailUrl(project.slug, s.id),
      badges: [`${summary.readCount}/${project.labelsRequired}`, ...(summary.reference ? ['ref'] : [])],
      presence: viewing.get(s.id) ?? [],
      labelSummary: describe(summary),
    };
  });
  const open = Object.values(summaries).filter((s) => !s.authored && s.readCount < project.labelsRequired).length;

  return (
    <section aria-labelledby="scans-title" className="space-y-3" data-testid="live-scan-grid">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="scans-title" className="font-medium">
          Scans <span className="text-sm text-slate-400">({total})</span>
        </h2>
        <span className="flex items-center gap-2 text-xs text-slate-400" data-testid="project-presence">
          <PresenceAvatars users={present} max={8} />
          {present.length > 0 && <span>{present.length} here now</span>}
        </span>
        <span className="text-xs text-slate-500">{state.connection === 'online' ? '' : 'Reconnecting…'}</span>
        <Link
          href={`/projects/${project.slug}/scans`}
          data-testid="start-labelling"
          className="ml-auto rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-600"
        >
          Start labelling ({open})
        </Link>
      </div>
      {scans.length === 0 ? (
        <p className="text-sm text-slate-400">No scans yet. Import some to start labelling.</p>
      ) : (
        <ThumbnailGrid items={items} onOpen={(id) => router.push(`/projects/${project.slug}/scans/${id}`)} label="Scans" />
      )}
      {total > scans.length && <p className="text-xs text-slate-500">Showing the first {scans.length} scans.</p>}
    </section>
  );
}

function describe(s: ScanSummary): string {
  if (s.mine) return `You: ${s.mine.join(', ')}`;
  if (s.reads === null) return s.readCount ? 'Labels hidden until you read it' : '';
  if (s.reference) return `Reference: ${s.reference.join(', ')}`;
  return s.reads.map((r) => `${r.authorName}: ${r.labels.join(', ')}`).join(' · ');
}
