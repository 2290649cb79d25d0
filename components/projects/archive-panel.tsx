'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { sendJson } from './send-json';

/** Archive a project (a lead) or restore it (an admin). */
export function ArchivePanel({
  slug,
  archivedAt,
  canArchive,
  canRestore,
}: {
  slug: string;
  archivedAt: string | null;
  canArchive: boolean;
  canRestore: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const archived = archivedAt !== null;

  async function setArchived(next: boolean) {
    if (next && !window.confirm('Archive this project? It becomes read-only and leaves the project list.')) return;
    setBusy(true);
    try {
      await sendJson(`/api/projects/${slug}/archive`, 'PUT', { archived: next });
      setError(null);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="archive-heading" className="rounded-lg border border-slate-800 bg-slate-900 p-4 text-sm">
      <h2 id="archive-heading" className="mb-1 font-medium">
        Archive
      </h2>
      <p className="mb-3 text-xs text-slate-400">
        An archived project leaves the project list (Show archived projects brings it back) and is read-only: no labels,
        imports, settings changes or training. Its reads, models and exports stay. Only an admin can restore it.
      </p>
      {archived ? (
        canRestore ? (
          <button
            type="button"
            disabled={busy}
            onClick={() => void setArchived(false)}
            className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600 disabled:opacity-50"
          >
            Restore project
          </button>
        ) : (
          <p>Archived. Ask an admin to restore it.</p>
        )
      ) : (
        canArchive && (
          <button
            type="button"
            disabled={busy}
            onClick={() => void setArchived(true)}
            className="rounded border border-amber-600 px-3 py-1.5 text-amber-200 hover:bg-amber-950 disabled:opacity-50"
          >
            Archive project
          </button>
        )
      )}
      {error && (
        <p role="alert" className="mt-2 text-red-300">
          {error}
        </p>
      )}
    </section>
  );
}
