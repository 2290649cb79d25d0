import type { Metadata } from 'next';
import { requireProjectMember } from '@/server/http/page-guard';
import { AppHeader } from '@/components/nav/app-header';
import { LabelingWorkspace } from '@/components/labeling/labeling-workspace';
import { toLiveProject } from '@/lib/realtime/live-transport';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Labelling' };

/** "Start labelling": claims the next scan that needs the user's read. */
export default async function StartLabellingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project, role } = await requireProjectMember(slug);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: `/projects/${slug}`, label: project.name }]} />
      <LabelingWorkspace project={{ ...toLiveProject(project), name: project.name }} role={role} initialScanId={null} />
    </>
  );
}

