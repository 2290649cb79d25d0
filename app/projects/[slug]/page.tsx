import type { Metadata } from 'next';
import { requireProjectMember } from '@/server/http/page-guard';
import { getServices } from '@/server/services';
import { getProjectOverview } from '@/server/use-cases/get-project-overview';
import { AppHeader } from '@/components/nav/app-header';
import { listProjectScans } from '@/server/use-cases/list-project-scans';
import { toLiveProject } from '@/lib/realtime/live-transport';
import { LiveScanGrid } from '@/components/labeling/live-scan-grid';
import { ProjectSettingsForm } from '@/components/projects/project-settings-form';
import { hasRole } from '@/lib/auth/roles';
import { listStrategies } from '@/lib/strategies';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { user, project, role } = await requireProjectMember(slug);
  const db = getServices().db;
  const [overview, scans] = await Promise.all([getProjectOverview(db, project.id), listProjectScans(db, { projectId: project.id, user: { id: user.id, role } })]);
  return (
    <>
      <AppHeader user={user} crumbs={[{ href: `/projects/${slug}`, label: project.name }]} />
      <main className="mx-auto max-w-6xl space-y-6 p-6">
        <section>
          <h1 className="text-2xl font-semibold" data-testid="project-title">
            {project.name}
          </h1>
          <p className="text-slate-400">{project.description}</p>
          <p className="mt-1 text-sm text-slate-500">
            Your role here: <span data-testid="project-role">{role}</span>
          </p>
        </section>
        <section aria-labelledby="facts" className="grid gap-4 sm:grid-cols-4">
          <h2 id="facts" className="sr-only">
            Facts
          </h2>
          <Fact label="Scans" value={overview.scanCount} />
          <Fact label="Annotations" value={overview.annotationCount} />
          <Fact label="Reads per scan" value={overview.project.labelsRequired} />
          <Fact label="Retrain after" value={`${overview.project.retrainThreshold} labels`} />
        </section>
        <LiveScanGrid
          project={toLiveProject(project)}
          scans={scans.scans.map((s) => ({ id: s.id, title: s.title, summary: s.summary }))}
          seq={scans.seq}
          total={scans.total}
        />
        {hasRole(role, 'LEAD') && (
          <ProjectSettingsForm
            slug={slug}
            settings={overview.project}
            strategies={listStrategies().map((s) => ({ name: s.name, title: s.title }))}
          />
        )}
        <section className="rounded-lg border border-slate-800 bg-slate-900 p-4">
          <h2 className="mb-2 font-medium">Labels</h2>
          <ol className="flex flex-wrap gap-2 text-sm">
            {overview.project.labels.map((l, i) => (
              <li key={l} className="rounded bg-slate-800 px-2 py-1">
                <kbd className="mr-1 text-slate-400">{i + 1}</kbd>
                {l}
              </li>
            ))}
          </ol>
        </section>
        <section className="rounded-lg border border-slate-800 bg-slate-900 p-4">
          <h2 className="mb-2 font-medium">Members</h2>
          <table className="w-full text-sm">
            <thead className="text-left text-slate-400">
              <tr>
                <th className="py-1">Name</th>
                <th>Email</th>
                <th>Role</th>
              </tr>
            </thead>
            <tbody>
              {overview.members.map((m) => (
                <tr key={m.userId} className="border-t border-slate-800">
                  <td className="py-1">{m.name}</td>
                  <td className="text-slate-400">{m.email}</td>
                  <td>{m.role}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </main>
    </>
  );
}

function Fact({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded-lg border border-slate-800 bg-slate-900 p-4">
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-xl font-semibold">{value}</div>
    </div>
  );
}
