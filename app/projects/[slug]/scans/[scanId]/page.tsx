import type { Metadata } from 'next';
import { requireProjectMember } from '@/server/http/page-guard';
import { AppHeader } from '@/components/nav/app-header';
import { LabelingWorkspace } from '@/components/labeling/labeling-workspace';
import { toLiveProject } from '@/lib/realtime/live-transport';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Labelling' };

/** The labelling page for one scan (N moves on without leaving the page). */
export default async function ScanLabellingPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string; scanId: string }>;
  searchParams: Promise<{ mode?: string }>;
}) {
  const { slug, scanId } = await params;
  const { mode } = await searchParams;
  const { user, project, role } = await requireProjectMember(slug);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: `/projects/${slug}`, label: project.name }]} />
      <LabelingWorkspace project={{ ...toLiveProject(project), name: project.name }} role={role} initialScanId={scanId} initialMode={mode === 'adjudicate' ? 'adjudicate' : 'read'} />
    </>
  );
}
