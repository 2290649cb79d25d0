'use client';

import { useState } from 'react';
import { signOut } from 'next-auth/react';
import { useHydrated } from './use-hydrated';

/** Ends every session of the signed-in user (other browsers, open labelling pages), then this one. */
export function SignOutEverywhereButton() {
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const hydrated = useHydrated();

  async function onClick() {
    if (!window.confirm('Sign out on every device and browser, this one included?')) return;
    setBusy(true);
    setFailed(false);
    const res = await fetch('/api/account/sign-out-everywhere', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    }).catch(() => null);
    if (!res?.ok) {
      setBusy(false);
      setFailed(true);
      return;
    }
    await signOut({ callbackUrl: '/login' });
  }

  return (
    <button
      type="button"
      onClick={() => void onClick()}
      disabled={busy || !hydrated}
      title="End every session of yours, on every device"
      className="rounded px-2 py-1 text-slate-400 hover:bg-slate-800 hover:text-slate-200 disabled:opacity-60"
    >
      {failed ? 'Could not sign out everywhere — retry' : busy ? 'Signing out…' : 'Sign out everywhere'}
    </button>
  );
}
