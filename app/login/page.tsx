import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';
import { safeNextPath } from '@/lib/auth/safe-next-path';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{ next?: string; error?: string }>;
}) {
  const { next, error } = await searchParams;
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-800 bg-slate-900 p-6 shadow-xl">
        <h1 className="mb-1 text-xl font-semibold">NeuroLoop</h1>
        <p className="mb-6 text-sm text-slate-400">Sign in to label and review scans.</p>
        <LoginForm next={safeNextPath(next)} initialError={error} />
      </div>
    </main>
  );
}
