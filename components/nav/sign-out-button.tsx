'use client';

import { signOut } from 'next-auth/react';

export function SignOutButton() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: '/login' })}
      className="rounded border border-slate-700 px-2 py-1 text-slate-300 hover:bg-slate-800"
    >
      Sign out
    </button>
  );
}
