import Link from 'next/link';

export interface ErrorPageProps {
  status: 403 | 404;
  title: string;
  children: React.ReactNode;
}

/** The one layout of the 403 and 404 pages: what happened, why, and the way back. */
export function ErrorPage({ status, title, children }: ErrorPageProps) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6" data-testid={`error-${status}`}>
      <div className="w-full max-w-lg rounded-xl border border-slate-800 bg-slate-900 p-8 shadow-xl">
        <p className="font-mono text-sm text-slate-400">{status}</p>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
        <div className="mt-3 space-y-2 text-slate-300">{children}</div>
        <Link href="/" className="mt-6 inline-block rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-600">
          Your projects
        </Link>
      </div>
    </main>
  );
}
