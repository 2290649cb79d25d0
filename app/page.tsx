import Link from 'next/link';
import { requireUser } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { listProjects } from '@/server/use-cases/list-projects';
import { AppHeader } from '@/components/nav/app-header';

export const dynamic = 'force-dynamic';

export default async function HomePage() {
  const user = await requireUser();
  const projects = await listProjects(getServices().db, user);
  return (
    <>
      <AppHeader user={user} />
      <main className="mx-auto max-w-5xl p-6">
        <h1 className="mb-4 text-2xl font-semibold">Projects</h1>
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
                  <h2 className="font-medium">{p.name}</h2>
                  <p className="mt-1 text-sm text-slate-400">
                    {p.task.toLowerCase()} · {p.labels.join(' / ')}
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
