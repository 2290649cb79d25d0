import Link from 'next/link';
import type { SessionUser } from '@/lib/auth/roles';
import { SignOutButton } from './sign-out-button';
import { SignOutEverywhereButton } from './sign-out-everywhere-button';

export function AppHeader({ user, crumbs = [] }: { user: SessionUser; crumbs?: { href: string; label: string }[] }) {
  return (
    <header className="flex items-center gap-4 border-b border-slate-800 bg-slate-900/80 px-4 py-2">
      <Link href="/" className="font-semibold tracking-tight text-sky-300">
        NeuroLoop
      </Link>
      <nav aria-label="Breadcrumb" className="flex items-center gap-2 text-sm text-slate-400">
        {crumbs.map((c) => (
          <span key={c.href} className="flex items-center gap-2">
            <span aria-hidden>/</span>
            <Link href={c.href} className="hover:text-slate-100">
              {c.label}
            </Link>
          </span>
        ))}
      </nav>
      <div className="ml-auto flex items-center gap-3 text-sm">
        {user.role === 'ADMIN' && (
          <Link href="/admin/users" className="text-slate-300 hover:text-white">
            Users
          </Link>
        )}
        <span className="text-slate-300" data-testid="current-user">
          {user.name} <span className="rounded bg-slate-800 px-1.5 py-0.5 text-xs text-slate-400">{user.role}</span>
        </span>
        <SignOutEverywhereButton />
        <SignOutButton />
      </div>
    </header>
  );
}
