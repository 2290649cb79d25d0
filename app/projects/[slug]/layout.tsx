import { requireProjectMember } from '@/server/http/page-guard';
import { ProjectNav } from '@/components/nav/project-nav';
import { SkipToViewer } from '@/components/nav/skip-to-viewer';

export default async function ProjectLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const { slug } = await params;
  const { role } = await requireProjectMember(slug);
  return (
    <div className="flex min-h-screen">
      <SkipToViewer slug={slug} />
      <ProjectNav slug={slug} role={role} />
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
