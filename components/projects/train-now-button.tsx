'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** A lead starts a training run by hand; the dashboard follows it live. */
export function TrainNowButton({ slug }: { slug: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onClick() {
    setBusy(true);
    try {
      const res = await fetch(`/api/projects/${slug}/training`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      const out = (await res.json()) as {
        ok: boolean;
        data?: { created: boolean };
        error?: { message: string };
      };
      if (!out.ok) setMessage({ ok: false, text: out.error?.message ?? 'Training could not be started.' });
      else {
        setMessage({
          ok: true,
          text: out.data?.created
            ? 'Training queued. Follow it on the dashboard.'
            : 'A training job is already queued or running.',
        });
        router.refresh();
      }
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached; no training was started.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        onClick={onClick}
        disabled={busy}
        className="rounded bg-sky-700 px-3 py-1.5 text-white hover:bg-sky-600 disabled:opacity-50"
      >
        Train now
      </button>
      <a href={`/projects/${slug}/dashboard`} className="text-sm text-sky-300 hover:underline">
        Follow training on the dashboard
      </a>
      {message && (
        <p role="status" className={message.ok ? 'text-sm text-emerald-300' : 'text-sm text-red-300'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
