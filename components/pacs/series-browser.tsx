'use client';

import { useEffect, useState } from 'react';
import type { PacsSeriesRow } from '@/lib/pacs/series-row';
import { pacsApi, type SeriesImportResultView } from './pacs-api';

type Listing =
  | { state: 'loading' }
  | { state: 'failed'; error: string }
  | { state: 'ready'; series: PacsSeriesRow[]; truncated: boolean };

function importedText(s: PacsSeriesRow): string {
  const i = s.import;
  if (!i) return '';
  if (i.state === 'running') return 'importing…';
  if (i.state === 'failed') return `failed: ${i.error ?? ''}`;
  return `${i.imported + i.duplicates} scans${i.failures.length ? `, ${i.failures.length} instances failed` : ''}`;
}

/** The series on a source that match its filter (QIDO-RS); tick some and import them whole. */
export function SeriesBrowser({
  slug,
  sourceId,
  onImported,
}: {
  slug: string;
  sourceId: string;
  onImported: () => void;
}) {
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<SeriesImportResultView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);

  useEffect(() => {
    let live = true;
    pacsApi<{ series: PacsSeriesRow[]; truncated: boolean }>(`/api/projects/${slug}/pacs/sources/${sourceId}/series`)
      .then((r) => live && setListing({ state: 'ready', ...r }))
      .catch((e: Error) => live && setListing({ state: 'failed', error: e.message }));
    return () => {
      live = false;
    };
  }, [slug, sourceId, reload]);

  async function importPicked() {
    if (listing.state !== 'ready') return;
    setBusy(true);
    setError(null);
    try {
      const series = listing.series
        .filter((s) => picked.has(s.seriesInstanceUid))
        .map((s) => ({ studyInstanceUid: s.studyInstanceUid, seriesInstanceUid: s.seriesInstanceUid }));
      setResults(
        await pacsApi(`/api/projects/${slug}/pacs/sources/${sourceId}/imports`, { method: 'POST', body: { series } }),
      );
      setPicked(new Set());
      setReload((n) => n + 1);
      onImported();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (listing.state === 'loading') return <p className="text-sm text-slate-400">Asking the PACS…</p>;
  if (listing.state === 'failed')
    return (
      <p role="alert" className="text-sm text-rose-400">
        {listing.error}
      </p>
    );
  const toggle = (uid: string) =>
    setPicked((p) => {
      const next = new Set(p);
      if (next.has(uid)) next.delete(uid);
      else next.add(uid);
      return next;
    });
  return (
    <div className="space-y-3">
      <table className="w-full text-left text-sm">
        <thead className="text-slate-400">
          <tr>
            <th className="w-8" />
            <th>Study date</th>
            <th>Study</th>
            <th>Series</th>
            <th>Modality</th>
            <th>Instances</th>
            <th>In NeuroLoop</th>
          </tr>
        </thead>
        <tbody>
          {listing.series.map((s) => (
            <tr key={s.seriesInstanceUid} className="border-t border-slate-800">
              <td>
                <input
                  type="checkbox"
                  aria-label={`Import series ${s.seriesDescription || s.seriesInstanceUid}`}
                  checked={picked.has(s.seriesInstanceUid)}
                  onChange={() => toggle(s.seriesInstanceUid)}
                />
              </td>
              <td className="py-1.5">{s.studyDate}</td>
              <td>{s.studyDescription}</td>
              <td title={s.seriesInstanceUid}>{s.seriesDescription || `#${s.seriesNumber ?? '?'}`}</td>
              <td>{s.modality}</td>
              <td>{s.instances ?? '?'}</td>
              <td className={s.import?.state === 'failed' ? 'text-rose-400' : 'text-emerald-400'}>{importedText(s)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {listing.series.length === 0 && <p className="text-sm text-slate-400">No series match the filter.</p>}
      {listing.truncated && <p className="text-sm text-amber-400">More series match: narrow the filter.</p>}
      <div className="flex items-center gap-3">
        <button
          onClick={importPicked}
          disabled={busy || picked.size === 0}
          className="rounded bg-sky-600 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {busy ? 'Importing…' : `Import ${picked.size} series`}
        </button>
        {error && (
          <p role="alert" className="text-sm text-rose-400">
            {error}
          </p>
        )}
      </div>
      {results && (
        <ul className="space-y-1 text-sm">
          {results.map((r) => (
            <li key={r.seriesInstanceUid} className={r.state === 'failed' ? 'text-rose-400' : 'text-slate-300'}>
              {r.seriesInstanceUid}: {r.state}, {r.imported} new, {r.duplicates} already here
              {r.failures.length > 0 &&
                `, ${r.failures.length} failed (${r.failures[0].reason}: ${r.failures[0].message})`}
              {r.error && ` — ${r.error}`}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
