'use client';

import { useCallback, useEffect, useState } from 'react';
import type { PacsSourceView } from '@/lib/pacs/source-view';
import { AddSourceForm } from './add-source-form';
import { pacsApi } from './pacs-api';
import { SourceCard } from './source-card';

/** The project's PACS sources, kept fresh (sync status) every few seconds, and the form to add one. */
export function PacsPanel({ slug, initial }: { slug: string; initial: PacsSourceView[] }) {
  const [sources, setSources] = useState(initial);
  const [adding, setAdding] = useState(initial.length === 0);
  const refresh = useCallback(() => {
    pacsApi<PacsSourceView[]>(`/api/projects/${slug}/pacs/sources`)
      .then(setSources)
      .catch(() => undefined);
  }, [slug]);
  useEffect(() => {
    const timer = setInterval(refresh, 5000);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <div className="space-y-4">
      {sources.map((s) => (
        <SourceCard key={s.id} slug={slug} source={s} onChanged={refresh} />
      ))}
      {adding ? (
        <AddSourceForm
          slug={slug}
          onAdded={(s) => {
            setSources((list) => [...list, s]);
            setAdding(false);
          }}
        />
      ) : (
        <button onClick={() => setAdding(true)} className="rounded border border-slate-600 px-3 py-1.5 text-sm">
          Add a PACS source
        </button>
      )}
    </div>
  );
}
