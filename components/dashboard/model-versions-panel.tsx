'use client';
import { modelKindName, modelName } from '@/lib/models/model-name';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatRatio } from '@/lib/dashboard/format';
import { type ModelVersionView } from '@/lib/dashboard/model-versions';
import { promotionNote } from '@/lib/dashboard/promotion-note';

/**
 * Every trained version per kind, why it is (not) active, and the lead's pin: a pinned
 * version is its kind's active model until unpinned, whatever later versions score.
 */
export function ModelVersionsPanel({ slug, versions }: { slug: string; versions: ModelVersionView[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const rows = [...versions].sort((a, b) => a.kind.localeCompare(b.kind) || b.version - a.version);

  async function setPin(v: ModelVersionView, pinned: boolean) {
    setBusy(v.id);
    try {
      const res = await fetch(`/api/projects/${slug}/model-versions/${v.id}/pin`, {
        method: pinned ? 'POST' : 'DELETE',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const out = (await res.json()) as { ok: boolean; error?: { message: string } };
      const name = `${modelName(v)}`;
      setMessage(
        out.ok
          ? { ok: true, text: pinned ? `${name} is pinned and active.` : `${name} is unpinned.` }
          : { ok: false, text: out.error?.message ?? 'The change failed.' },
      );
      if (out.ok) router.refresh();
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached; nothing changed.' });
    } finally {
      setBusy(null);
    }
  }

  if (rows.length === 0) return <p className="text-sm text-slate-300">No model has been trained yet.</p>;
  return (
    <div className="space-y-2 rounded-lg border border-slate-800 bg-slate-900 p-4">
      <table className="w-full text-sm" data-testid="model-versions">
        <caption className="mb-2 text-left text-slate-300">Versions, newest first per kind</caption>
        <thead className="text-left text-slate-300">
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Version</th>
            <th scope="col" className="text-right">
              Labels
            </th>
            <th scope="col" className="text-right">
              Validation macro F1
            </th>
            <th scope="col" className="pl-4">
              Status
            </th>
            <th scope="col">
              <span className="sr-only">Pin</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.id} className="border-t border-slate-800" data-testid={`version-${v.kind}-${v.version}`}>
              <th scope="row" className="py-1.5 text-left font-normal">
                {modelKindName(v.kind)}
              </th>
              <td>v{v.version}</td>
              <td className="text-right tabular-nums">{v.labelCount}</td>
              <td className="text-right tabular-nums">{formatRatio(v.metrics?.validation.macroF1 ?? null)}</td>
              <td className="pl-4 text-slate-200">{promotionNote(v, versions)}</td>
              <td className="text-right">
                {v.state === 'READY' && (
                  <button
                    type="button"
                    disabled={busy !== null}
                    onClick={() => void setPin(v, !v.pinned)}
                    className="rounded border border-slate-600 px-2 py-0.5 text-xs text-slate-100 hover:border-sky-400 disabled:opacity-50"
                  >
                    {v.pinned ? 'Unpin' : 'Pin this version'}
                    <span className="sr-only"> ({modelName(v)})</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {message && (
        <p role="status" className={message.ok ? 'text-sm text-emerald-300' : 'text-sm text-red-300'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
