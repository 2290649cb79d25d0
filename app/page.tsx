import Link from 'next/link';
import { hasRole } from '@/lib/auth/roles';
import { requireUser } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { listProjects } from '@/server/use-cases/list-projects';
import { AppHeader } from '@/components/nav/app-header';

export const dynamic = 'force-dynamic';

export default async function HomePage({ searchParams }: { searchParams: Promise<{ archived?: string }> }) {
  const user = await requireUser();
  const showArchived = (await searchParams).archived === '1';
  const projects = await listProjects(getServices().db, user, { archived: showArchived });
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-5xl p-6">
        <div className="mb-4 flex items-center justify-between">
          <h1 className="text-2xl font-semibold">Projects</h1>
          <div className="flex items-center gap-4">
            <Link href={showArchived ? '/' : '/?archived=1'} className="text-sm text-sky-300 hover:underline">
              {showArchived ? 'Hide archived projects' : 'Show archived projects'}
            </Link>
            {hasRole(user.role, 'LEAD') && (
              <Link href="/projects/new" className="rounded bg-sky-700 px-3 py-1.5 text-sm text-white hover:bg-sky-600">
                New project
              </Link>
            )}
          </div>
        </div>
        {projects.length === 0 ? (
          <p className="text-slate-400">You are not a member of any project yet. Ask a lead to add you.</p>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2">
            {projects.map((p) => (
              <li key={p.id}>
                <Link
                  href={`/projects/${p.slug}`}
                  className="block rounded-lg border border-slate-800 bg-slate-900 p-4 hover:border-sky-700"
                >
                  <h2 className="font-medium">
                    {p.name}
                    {p.archivedAt && (
                      <span className="ml-2 rounded bg-slate-700 px-1.5 py-0.5 text-xs text-slate-200">archived</span>
                    )}
                  </h2>
                  <p className="mt-1 text-sm text-slate-400">
                    {p.task.toLowerCase()} · {p.labels.filter((l) => !p.retiredLabels.includes(l)).join(' / ')}
                  </p>
                  <p className="mt-2 text-xs text-slate-500">
                    {p.scans} scans · {p.annotations} annotations · {p.members} members
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </main>
    </>
  );
}
