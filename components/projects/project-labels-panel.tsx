'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { EditProjectLabelsInput } from '@/lib/schemas/project';
import { sendJson } from './send-json';

/**
 * The project's labels. A lead adds labels and retires or restores them: a retired label keeps
 * its place and its old reads, but readers can no longer choose it.
 */
export function ProjectLabelsPanel({
  slug,
  labels,
  retiredLabels,
  canEdit,
  readOnly,
  binary,
}: {
  slug: string;
  labels: string[];
  retiredLabels: string[];
  canEdit: boolean;
  readOnly: boolean;
  /** A binary project keeps exactly two labels: nothing to add. */
  binary: boolean;
}) {
  const router = useRouter();
  const [draft, setDraft] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const editable = canEdit && !readOnly;

  async function edit(input: EditProjectLabelsInput, done: string) {
    setBusy(true);
    try {
      await sendJson(`/api/projects/${slug}/labels`, 'PATCH', input);
      setMessage({ ok: true, text: done });
      setDraft('');
      router.refresh();
    } catch (e) {
      setMessage({ ok: false, text: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  const active = labels.filter((l) => !retiredLabels.includes(l));
  return (
    <section aria-labelledby="labels-heading" className="rounded-lg border border-slate-800 bg-slate-900 p-4">
      <h2 id="labels-heading" className="mb-1 font-medium">
        Labels
      </h2>
      <p className="mb-3 text-xs text-slate-400">
        Readers choose among the active labels with keys 1–9. New labels go to the end of the list. Retiring a label
        keeps every read that used it (and shows it there) but readers can no longer choose it; a lead may restore it.
      </p>
      <ul className="flex flex-wrap gap-2 text-sm" aria-label="Project labels">
        {labels.map((l) => {
          const retired = retiredLabels.includes(l);
          return (
            <li
              key={l}
              data-testid="project-label"
              data-retired={retired || undefined}
              className={`flex items-center gap-2 rounded px-2 py-1 ${retired ? 'bg-slate-950 text-slate-500' : 'bg-slate-800'}`}
            >
              {!retired && <kbd className="text-slate-300">{active.indexOf(l) + 1}</kbd>}
              <span className={retired ? 'line-through' : undefined}>{l}</span>
              {retired && <span className="text-xs">retired</span>}
              {editable && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() =>
                    void edit(
                      retired ? { restore: [l] } : { retire: [l] },
                      retired ? `${l} restored.` : `${l} retired.`,
                    )
                  }
                  className="rounded border border-slate-600 px-1.5 text-xs text-slate-200 hover:border-sky-500 disabled:opacity-50"
                  aria-label={`${retired ? 'Restore' : 'Retire'} ${l}`}
                >
                  {retired ? 'Restore' : 'Retire'}
                </button>
              )}
            </li>
          );
        })}
      </ul>
      {editable && binary && (
        <p className="mt-3 text-xs text-slate-400">A binary project keeps exactly two labels; none can be added.</p>
      )}
      {editable && !binary && (
        <form
          className="mt-3 flex items-end gap-2 text-sm"
          onSubmit={(e) => {
            e.preventDefault();
            const names = draft
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean);
            if (names.length === 0) return setMessage({ ok: false, text: 'Type a label name to add.' });
            void edit({ add: names }, `Added ${names.join(', ')}.`);
          }}
        >
          <label className="flex flex-col gap-1">
            <span className="text-slate-300">Add labels (comma-separated)</span>
            <input
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              className="rounded border border-slate-600 bg-slate-950 px-2 py-1"
              name="newLabels"
            />
          </label>
          <button
            type="submit"
            disabled={busy}
            className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600 disabled:opacity-50"
          >
            Add
          </button>
        </form>
      )}
      {message && (
        <p role="status" className={`mt-2 text-sm ${message.ok ? 'text-emerald-300' : 'text-red-300'}`}>
          {message.text}
        </p>
      )}
    </section>
  );
}
