import type { Metadata } from 'next';
import { NewProjectForm } from '@/components/projects/new-project-form';
import { AppHeader } from '@/components/nav/app-header';
import { requireUser } from '@/server/http/page-guard';

export const metadata: Metadata = { title: 'New project' };
export const dynamic = 'force-dynamic';

export default async function NewProjectPage() {
  const user = await requireUser('LEAD');
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: '/projects/new', label: 'New project' }]} />
      <main className="mx-auto max-w-4xl space-y-6 p-6">
        <h1 className="text-2xl font-semibold">New project</h1>
        <p className="text-sm text-slate-300">
          You become the project&apos;s first lead. Next: add members, then import scans.
        </p>
        <NewProjectForm />
      </main>
    </>
  );
}
