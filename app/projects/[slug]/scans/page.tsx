import type { Metadata } from 'next';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { LabelingPage } from './labeling-page';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Labelling' };

/** "Start labelling": claims the next scan that needs the user's read. */
export default async function StartLabellingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project, role } = await requireProjectMember(slug);
  return <LabelingPage db={getServices().db} user={user} project={project} role={role} initialScanId={null} />;
}
