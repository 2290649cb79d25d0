'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

/**
 * An admin's actions on one account: deactivate or reactivate, reset the password (the new
 * one is shown here once, to hand over) and lift a sign-in lockout. Each is audited.
 */
export function UserActions({ user, self }: { user: { id: string; name: string; disabled: boolean }; self: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [password, setPassword] = useState<string | null>(null);

  async function post(url: string, method: string, body?: unknown) {
    try {
      const res = await fetch(url, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const out = (await res.json()) as { ok: boolean; data?: { password?: string }; error?: { message: string } };
      if (!out.ok) setMessage({ ok: false, text: out.error?.message ?? 'The change failed.' });
      return out.ok ? (out.data ?? {}) : null;
    } catch {
      setMessage({ ok: false, text: 'The server could not be reached; nothing changed.' });
      return null;
    }
  }

  const button = 'rounded border border-slate-600 px-2 py-0.5 text-xs text-slate-200 hover:border-sky-400';
  return (
    <div className="flex flex-wrap items-center gap-2">
      {!self && (
        <button
          type="button"
          className={button}
          onClick={async () => {
            const done = await post(`/api/users/${user.id}`, 'PATCH', { active: user.disabled });
            if (done) {
              setMessage({
                ok: true,
                text: user.disabled ? `${user.name} can sign in again.` : `${user.name} is deactivated.`,
              });
              router.refresh();
            }
          }}
        >
          {user.disabled ? 'Reactivate' : 'Deactivate'}
          <span className="sr-only"> {user.name}</span>
        </button>
      )}
      <button
        type="button"
        className={button}
        onClick={async () => {
          if (!window.confirm(`Give ${user.name} a new password? The current one stops working.`)) return;
          const done = await post(`/api/users/${user.id}/password`, 'POST');
          if (done?.password) {
            setPassword(done.password);
            setMessage(null);
          }
        }}
      >
        Reset password<span className="sr-only"> of {user.name}</span>
      </button>
      <button
        type="button"
        className={button}
        onClick={async () => {
          if (await post(`/api/users/${user.id}/unlock`, 'POST')) {
            setMessage({
              ok: true,
              text: `${user.name} may sign in again now (earlier failed attempts no longer count).`,
            });
          }
        }}
      >
        Unlock sign-in<span className="sr-only"> of {user.name}</span>
      </button>
      {password && (
        <p role="status" className="basis-full text-xs text-amber-200" data-testid="new-password">
          New password (shown once, hand it over now): <code className="select-all text-sm text-white">{password}</code>
        </p>
      )}
      {message && (
        <p role="status" className={`basis-full text-xs ${message.ok ? 'text-emerald-300' : 'text-red-300'}`}>
          {message.text}
        </p>
      )}
    </div>
  );
}
