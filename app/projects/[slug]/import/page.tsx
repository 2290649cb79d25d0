import type { Metadata } from 'next';
import { requireProjectMember } from '@/server/http/page-guard';
import { AppHeader } from '@/components/nav/app-header';
import { UploadPanel } from '@/components/import/upload-panel';
import { toLiveProject } from '@/lib/realtime/live-transport';

export const metadata: Metadata = { title: 'Import scans' };
export const dynamic = 'force-dynamic';

export default async function ImportPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project } = await requireProjectMember(slug, 'LEAD');
  return (
    <>
      <AppHeader
        user={user}
        crumbs={[
          { href: `/projects/${slug}`, label: project.name },
          { href: `/projects/${slug}/import`, label: 'Import' },
        ]}
      />
      <main className="mx-auto max-w-4xl space-y-4 p-6">
        <h1 className="text-2xl font-semibold">Import scans</h1>
        <p className="text-sm text-slate-400">
          Originals are kept byte for byte; patient name, ID and birth date are never stored. The same pixels imported
          twice are recognised.
        </p>
        <UploadPanel project={toLiveProject(project)} userId={user.id} />
      </main>
    </>
  );
}
