import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { projectHasScan } from '@/server/use-cases/project-has-scan';
import { LabelingPage } from '../labeling-page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Labelling' };

/** The labelling page for one scan (N moves on without leaving the page); 404 for a scan not in the project. */
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
  const { db } = getServices();
  if (!(await projectHasScan(db, { projectId: project.id, scanId }))) notFound();
  return (
    <LabelingPage
      db={db}
      user={user}
      project={project}
      role={role}
      initialScanId={scanId}
      initialMode={mode === 'adjudicate' ? 'adjudicate' : 'read'}
    />
  );
}
