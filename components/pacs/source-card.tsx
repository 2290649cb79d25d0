'use client';

import { useState } from 'react';
import { formatUtc } from '@/lib/dashboard/format';
import type { PacsSourceView } from '@/lib/pacs/source-view';
import { pacsApi } from './pacs-api';
import { SeriesBrowser } from './series-browser';

function filterText(s: PacsSourceView): string {
  const f = s.filter;
  const parts = [
    f.modality && `modality ${f.modality}`,
    f.studyDescription && `study "${f.studyDescription}"`,
    (f.dateFrom || f.dateTo) && `dates ${f.dateFrom ?? '…'} to ${f.dateTo ?? '…'}`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'every series';
}

function SyncStatus({ source }: { source: PacsSourceView }) {
  const s = source.syncStatus;
  if (!s) return <span className="text-slate-500">never synced</span>;
  if (s.state === 'running') return <span className="text-sky-400">syncing since {formatUtc(s.startedAt)}</span>;
  if (s.state === 'failed')
    return (
      <span className="text-rose-400">
        failed {formatUtc(s.finishedAt)}: {s.error}
      </span>
    );
  return (
    <span className="text-slate-300">
      {formatUtc(s.finishedAt)}: {s.seriesFound} series match, {s.seriesImported} imported ({s.imported} scans,{' '}
      {s.duplicate} duplicates, {s.failed} instances failed)
      {s.errors.length > 0 && <span className="block text-rose-400">{s.errors.map((e) => e.error).join('; ')}</span>}
    </span>
  );
}

export function SourceCard({
  slug,
  source,
  onChanged,
}: {
  slug: string;
  source: PacsSourceView;
  onChanged: () => void;
}) {
  const [browsing, setBrowsing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function syncNow() {
    setMessage(null);
    try {
      await pacsApi(`/api/projects/${slug}/pacs/sources/${source.id}/sync`, { method: 'POST' });
      setMessage('Sync queued.');
      onChanged();
    } catch (e) {
      setMessage((e as Error).message);
    }
  }

  return (
    <section
      className="space-y-3 rounded-lg border border-slate-800 bg-slate-900/60 p-4"
      aria-label={`PACS source ${source.name}`}
    >
      <div className="flex items-start justify-between gap-4">
        <div className="space-y-1 text-sm">
          <h2 className="text-lg font-semibold">{source.name}</h2>
          <p className="font-mono text-slate-400">{source.baseUrl}</p>
          <p className="text-slate-400">
            {source.auth === 'none'
              ? 'No authentication'
              : `${source.auth} authentication${source.username ? ` as ${source.username}` : ''}`}
            {' · '}
            {filterText(source)}
            {' · '}
            {source.syncIntervalMinutes ? `sync every ${source.syncIntervalMinutes} min` : 'sync off'}
            {source.sendAfterAdjudication && ' · reports after adjudication'}
          </p>
          <p>
            Last sync: <SyncStatus source={source} />
          </p>
          <p className="text-slate-400">
            {source.seriesImported} series imported · {source.reportsSent} reports sent
          </p>
        </div>
        <div className="flex shrink-0 gap-2">
          <button
            onClick={() => setBrowsing((b) => !b)}
            className="rounded border border-slate-600 px-3 py-1.5 text-sm"
          >
            {browsing ? 'Close' : 'Browse series'}
          </button>
          <button onClick={syncNow} className="rounded border border-slate-600 px-3 py-1.5 text-sm">
            Sync now
          </button>
        </div>
      </div>
      {message && <p className="text-sm text-slate-300">{message}</p>}
      {browsing && <SeriesBrowser slug={slug} sourceId={source.id} onImported={onChanged} />}
    </section>
  );
}
