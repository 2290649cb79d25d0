'use client';

import { signOut } from 'next-auth/react';
import { useHydrated } from './use-hydrated';

export function SignOutButton() {
  const hydrated = useHydrated();
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/login' })}
      disabled={!hydrated}
      className="rounded border border-slate-700 px-2 py-1 text-slate-300 hover:bg-slate-800 disabled:opacity-60"
    >
      Sign out
    </button>
  );
}
