'use client';

import { useState } from 'react';
import type { PacsSourceView } from '@/lib/pacs/source-view';
import { pacsApi } from './pacs-api';

const field = 'w-full rounded border border-slate-700 bg-slate-950 px-2 py-1.5 text-sm';

/** A lead adds a DICOMweb source: URL, authentication (the secret is stored encrypted), filter, sync. */
export function AddSourceForm({ slug, onAdded }: { slug: string; onAdded: (s: PacsSourceView) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [auth, setAuth] = useState<'none' | 'basic' | 'bearer'>('none');

  async function submit(form: FormData) {
    const text = (k: string) => String(form.get(k) ?? '').trim() || undefined;
    const minutes = text('syncIntervalMinutes');
    setBusy(true);
    setError(null);
    try {
      const source = await pacsApi<PacsSourceView>(`/api/projects/${slug}/pacs/sources`, {
        method: 'POST',
        body: {
          name: text('name'),
          baseUrl: text('baseUrl'),
          auth:
            auth === 'basic'
              ? { kind: 'basic', username: text('username') ?? '', password: text('secret') ?? '' }
              : auth === 'bearer'
                ? { kind: 'bearer', token: text('secret') ?? '' }
                : { kind: 'none' },
          filter: {
            modality: text('modality'),
            studyDescription: text('studyDescription'),
            dateFrom: text('dateFrom'),
            dateTo: text('dateTo'),
          },
          syncIntervalMinutes: minutes ? Number(minutes) : null,
          sendAfterAdjudication: form.get('sendAfterAdjudication') === 'on',
        },
      });
      onAdded(source);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    // onSubmit, not a form action: React clears a form after its action, and a refused source must keep what was typed.
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit(new FormData(e.currentTarget));
      }}
      className="grid grid-cols-2 gap-3 rounded-lg border border-slate-800 bg-slate-900/60 p-4 text-sm"
    >
      <h2 className="col-span-2 text-lg font-semibold">Add a PACS source</h2>
      <label className="space-y-1">
        <span className="text-slate-400">Name</span>
        <input name="name" required className={field} placeholder="hospital-pacs" />
      </label>
      <label className="space-y-1">
        <span className="text-slate-400">DICOMweb root URL</span>
        <input name="baseUrl" required className={field} placeholder="https://pacs.example.org/dicom-web" />
      </label>
      <label className="space-y-1">
        <span className="text-slate-400">Authentication</span>
        <select value={auth} onChange={(e) => setAuth(e.target.value as typeof auth)} className={field}>
          <option value="none">None</option>
          <option value="basic">Basic (user and password)</option>
          <option value="bearer">Bearer token</option>
        </select>
      </label>
      <div className="grid grid-cols-2 gap-2">
        {auth === 'basic' && (
          <label className="space-y-1">
            <span className="text-slate-400">User</span>
            <input name="username" required className={field} autoComplete="off" />
          </label>
        )}
        {auth !== 'none' && (
          <label className={`space-y-1 ${auth === 'bearer' ? 'col-span-2' : ''}`}>
            <span className="text-slate-400">{auth === 'basic' ? 'Password' : 'Token'}</span>
            <input name="secret" type="password" required className={field} autoComplete="new-password" />
          </label>
        )}
      </div>
      <label className="space-y-1">
        <span className="text-slate-400">Modality</span>
        <input name="modality" className={field} placeholder="CT" />
      </label>
      <label className="space-y-1">
        <span className="text-slate-400">Study description (* and ? match)</span>
        <input name="studyDescription" className={field} placeholder="HEAD*" />
      </label>
      <label className="space-y-1">
        <span className="text-slate-400">Study date from</span>
        <input name="dateFrom" type="date" className={field} />
      </label>
      <label className="space-y-1">
        <span className="text-slate-400">Study date to</span>
        <input name="dateTo" type="date" className={field} />
      </label>
      <label className="space-y-1">
        <span className="text-slate-400">Sync new series every (minutes, empty: off)</span>
        <input name="syncIntervalMinutes" type="number" min={1} className={field} />
      </label>
      <label className="flex items-center gap-2 self-end pb-2">
        <input name="sendAfterAdjudication" type="checkbox" />
        <span className="text-slate-300">Send a report after each adjudication</span>
      </label>
      <div className="col-span-2 flex items-center gap-3">
        <button disabled={busy} className="rounded bg-sky-600 px-3 py-1.5 font-medium text-white disabled:opacity-50">
          {busy ? 'Adding…' : 'Add source'}
        </button>
        {error && (
          <p role="alert" data-testid="pacs-source-error" className="text-rose-400">
            {error}
          </p>
        )}
      </div>
    </form>
  );
}
