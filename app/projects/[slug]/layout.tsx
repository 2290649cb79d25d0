import { requireProjectMember } from '@/server/http/page-guard';
import { ProjectNav } from '@/components/nav/project-nav';

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { role } = await requireProjectMember(slug);
  return (
    <div className="flex min-h-screen">
      <ProjectNav slug={slug} role={role} />
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
